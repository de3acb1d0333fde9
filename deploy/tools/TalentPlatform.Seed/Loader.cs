using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace TalentPlatform.Seed;

/// <summary>A request the platform refused, and why.</summary>
public sealed record SeedFailure(string Key, string Method, string Path, int Status, string Problem);

public sealed record LoadResult(int Sent, int Created, int Replayed, IReadOnlyList<SeedFailure> Failures, TimeSpan Elapsed);

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
        LoadAsync(requests, requests.Count, cancellationToken);

    /// <param name="requests">Made as they are sent, so a large market never sits in memory whole.</param>
    public async Task<LoadResult> LoadAsync(IEnumerable<SeedRequest> requests, int total, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var failures = new List<SeedFailure>();
        var (sent, created, replayed) = (0, 0, 0);
        progress.Start(total);
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
                progress.Advance();
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
                progress.Advance();
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

            progress.Advance();
        }

        progress.Finish();
        return new LoadResult(sent, created, replayed, failures, clock.Elapsed);
    }
}

/// <summary>A progress bar on the terminal (stderr), or nothing when output is redirected.</summary>
public sealed class Progress(TextWriter? terminal)
{
    private readonly Stopwatch _clock = new();
    private int _total;
    private int _done;
    private long _lastDrawn;

    public static Progress ForConsole() => new(Console.IsErrorRedirected ? null : Console.Error);

    public static Progress Silent() => new(null);

    public void Start(int total)
    {
        (_total, _done) = (total, 0);
        _clock.Restart();
        Draw();
    }

    public void Advance(int count = 1)
    {
        _done += count;
        if (_clock.ElapsedMilliseconds - _lastDrawn >= 100 || _done == _total)
        {
            Draw();
        }
    }

    public void Finish()
    {
        Draw();
        terminal?.WriteLine();
    }

    private void Draw()
    {
        if (terminal is null)
        {
            return;
        }

        _lastDrawn = _clock.ElapsedMilliseconds;
        const int width = 30;
        var fraction = _total == 0 ? 1.0 : (double)_done / _total;
        var filled = (int)(fraction * width);
        var rate = _clock.Elapsed.TotalSeconds > 0 ? _done / _clock.Elapsed.TotalSeconds : 0;
        terminal.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {fraction,6:P0} {_done:N0}/{_total:N0}  {rate:N0}/s ");
    }
}
