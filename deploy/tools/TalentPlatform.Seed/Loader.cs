using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace TalentPlatform.Seed;

/// <summary>A request the platform refused, and why.</summary>
public sealed record SeedFailure(string Key, string Method, string Path, int Status, string Problem);

public sealed record LoadResult(int Sent, int Created, int Replayed, IReadOnlyList<SeedFailure> Failures, TimeSpan Elapsed)
{
    /// <summary>Several loads one after another, as one.</summary>
    public static LoadResult Sum(TimeSpan elapsed, params LoadResult[] parts) => new(
        parts.Sum(part => part.Sent),
        parts.Sum(part => part.Created),
        parts.Sum(part => part.Replayed),
        [.. parts.SelectMany(part => part.Failures)],
        elapsed);
}

/// <summary>
/// Sends requests through the gateway in order, each with its Idempotency-Key, and remembers the ids they
/// create. A request that fails is reported and loading goes on with the next (its dependants fail too,
/// each reported).
/// </summary>
public sealed class Loader(HttpClient gateway, Progress progress)
{
    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Ids => _ids;

    public Task<LoadResult> LoadAsync(IReadOnlyList<SeedRequest> requests, CancellationToken cancellationToken) =>
        progress.RunAsync(() => LoadAsync(requests, requests.Count, "requests", cancellationToken));

    /// <param name="requests">Made as they are sent, so a large market never sits in memory whole.</param>
    public async Task<LoadResult> LoadAsync(IEnumerable<SeedRequest> requests, int total, string description, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var failures = new List<SeedFailure>();
        var (sent, created, replayed) = (0, 0, 0);
        var stage = progress.Start(description, total);
        foreach (var request in requests)
        {
            sent++;
            string path;
            JsonNode? body;
            try
            {
                path = References.Resolve(request.Path, _ids);
                body = References.Resolve(request.Body, _ids);
            }
            catch (KeyNotFoundException missing)
            {
                failures.Add(new SeedFailure(request.Key, request.Method, request.Path, 0, missing.Message));
                stage.Advance();
                continue;
            }

            using var message = new HttpRequestMessage(new HttpMethod(request.Method), path);
            message.Headers.Add("Idempotency-Key", "seed:" + request.Key);
            if (body is not null)
            {
                message.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            }

            using var response = await gateway.SendAsync(message, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                failures.Add(new SeedFailure(request.Key, request.Method, path, (int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken)));
                stage.Advance();
                continue;
            }

            if (response.Headers.Contains("Idempotent-Replayed"))
            {
                replayed++;
            }
            else
            {
                created++;
            }

            if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK && response.Content.Headers.ContentLength != 0
                && await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken) is JsonObject answer && answer["id"] is { } id)
            {
                _ids[request.Key] = id.ToString();
            }

            stage.Advance();
        }

        stage.Done();
        return new LoadResult(sent, created, replayed, failures, clock.Elapsed);
    }
}

/// <summary>
/// Progress on the terminal (stderr): a bar per stage with its rate and the time left (Spectre.Console), or
/// nothing when output is redirected or for tests.
/// </summary>
public sealed class Progress
{
    private readonly IAnsiConsole? _console;
    private ProgressContext? _context;

    private Progress(IAnsiConsole? console) => _console = console;

    public static Progress ForConsole()
    {
        if (Console.IsErrorRedirected)
        {
            return Silent();
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return new Progress(console.Profile.Capabilities.Interactive ? console : null);
    }

    public static Progress Silent() => new(null);

    /// <summary>Runs <paramref name="work"/> with the bars shown for as long as it runs.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        if (_console is null || _context is not null)
        {
            return await work();
        }

        return await _console.Progress()
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new RateColumn(),
                new ElapsedTimeColumn(),
                new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                _context = context;
                try
                {
                    return await work();
                }
                finally
                {
                    _context = null;
                }
            });
    }

    /// <summary>A stage of <paramref name="total"/> steps (requests, rows), shown as a bar while <see cref="RunAsync{T}"/> runs.</summary>
    public Stage Start(string description, long total) => new(_context?.AddTask(description, maxValue: Math.Max(total, 1)));

    public sealed class Stage(ProgressTask? task)
    {
        public void Advance(long count = 1) => task?.Increment(count);

        public void Done()
        {
            if (task is not null)
            {
                task.Value = task.MaxValue;
                task.StopTask();
            }
        }
    }

    /// <summary>Steps per second, as the task measures them.</summary>
    private sealed class RateColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is { } speed ? $"{speed,8:N0}/s" : "        /s");
    }
}
