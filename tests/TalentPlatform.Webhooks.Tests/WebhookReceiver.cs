using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TalentPlatform.Webhooks.Tests;

/// <summary>A request a receiving endpoint got: its headers and body as sent, when, and what it was answered.</summary>
public sealed record ReceivedWebhook(string Endpoint, IHeaderDictionary Headers, string Body, DateTimeOffset At, int Answer)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public string Type => Json["type"]!.GetValue<string>();
}

/// <summary>
/// A customer's webhook endpoint: a real Kestrel server on loopback (the one host the test platform allows),
/// with one path per test endpoint. Each endpoint answers as its test tells it to (200 by default); every
/// request is recorded, whatever it was answered, so tests see attempts too.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, int, Task<int>>> _answers = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ReceivedWebhook>> _received = new();
    private readonly ConcurrentDictionary<string, int> _started = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(string Body, DateTimeOffset At)>> _arrived = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks/{name}", receiver.ReceiveAsync);
        await app.StartAsync();
        return receiver;
    }

    public Uri Address => new(_app.Urls.First());

    /// <summary>A new endpoint's URL; <paramref name="answer"/> gets the request and its attempt number (from 1) and returns the status code.</summary>
    public string Endpoint(Func<HttpContext, int, Task<int>>? answer = null)
    {
        var name = Guid.NewGuid().ToString("N");
        _answers[name] = answer ?? ((_, _) => Task.FromResult(200));
        return $"http://127.0.0.1:{Address.Port}/hooks/{name}";
    }

    /// <summary>Changes how an endpoint answers from now on.</summary>
    public void Answer(string url, Func<HttpContext, int, Task<int>> answer) => _answers[Name(url)] = answer;

    /// <summary>Every request the endpoint got so far, in the order they were answered.</summary>
    public IReadOnlyList<ReceivedWebhook> Received(string url) => [.. _received.GetOrAdd(Name(url), _ => new())];

    /// <summary>How many requests reached the endpoint, answered yet or not.</summary>
    public int Started(string url) => _started.GetValueOrDefault(Name(url));

    /// <summary>Every request as it arrived, before it was answered (or abandoned by the sender).</summary>
    public IReadOnlyList<(string Body, DateTimeOffset At)> Arrivals(string url) => [.. _arrived.GetOrAdd(Name(url), _ => new())];

    /// <summary>Waits until the endpoint's requests satisfy <paramref name="holds"/>.</summary>
    public Task<IReadOnlyList<ReceivedWebhook>> WaitAsync(string url, Func<IReadOnlyList<ReceivedWebhook>, bool> holds, string what, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(_ => Task.FromResult(Received(url)), holds, timeout ?? TimeSpan.FromSeconds(60), what);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static string Name(string url) => new Uri(url).Segments[^1];

    private async Task ReceiveAsync(string name, HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var attempt = _started.AddOrUpdate(name, 1, (_, count) => count + 1);
        _arrived.GetOrAdd(name, _ => new()).Enqueue((body, DateTimeOffset.UtcNow));
        var headers = new HeaderDictionary(context.Request.Headers.ToDictionary(header => header.Key, header => header.Value));
        var status = _answers.TryGetValue(name, out var answer) ? await answer(context, attempt) : 404;
        _received.GetOrAdd(name, _ => new()).Enqueue(new ReceivedWebhook(name, headers, body, DateTimeOffset.UtcNow, status));
        context.Response.StatusCode = status;
    }
}
