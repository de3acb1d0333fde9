using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;
using StandardWebhooks;

namespace TalentPlatform.Webhooks.Delivering;

/// <summary>Wakes the dispatcher when something is due now (a new delivery, a resume, a redelivery), rather than at its next poll.</summary>
public sealed class DeliverySignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}

/// <summary>
/// Sends what is due. For each subscription and subject only the oldest pending delivery is sent (the
/// next waits until it is delivered or given up), which keeps a subject's events in order. Each attempt
/// runs on its own, bounded per subscription and in total, so a slow or dead endpoint occupies only its
/// own subscription's slots and never delays another tenant. A failed attempt is retried after an
/// exponential backoff with jitter until the retry window runs out; then the delivery fails and its
/// subscription is paused, with the reason on it.
/// </summary>
public sealed partial class Dispatcher(
    IDocumentStore store,
    IHttpClientFactory clients,
    DeliverySignal signal,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<Dispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";
    public static readonly ActivitySource Source = new("TalentPlatform.Webhooks");

    /// <summary>How many pending deliveries one pass reads: the heads of every subject among them are sent.</summary>
    private const int PassSize = 5_000;

    private readonly ConcurrentDictionary<(Guid Subscription, string Subject), byte> _inFlight = new();
    private readonly ConcurrentDictionary<Guid, int> _perSubscription = new();
    private readonly WebhookOptions _options = options.Value;

    public static void Register(WebApplicationBuilder builder)
    {
        builder.Services.Configure<WebhookOptions>(builder.Configuration.GetSection(WebhookOptions.Section));
        builder.Services.AddSingleton<Destinations>();
        builder.Services.AddSingleton<DeliverySignal>();
        builder.Services.AddHttpClient(HttpClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("TalentPlatform-Webhooks/1");
            })
            .ConfigurePrimaryHttpMessageHandler(services => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectCallback = services.GetRequiredService<Destinations>().ConnectAsync,
            });
        builder.Services.AddHostedService<Dispatcher>();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchDueAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogPassFailed(exception);
            }

            try
            {
                await signal.WaitAsync(_options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task DispatchDueAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var active = await session.Query<Subscription>()
            .Where(subscription => subscription.Status == SubscriptionStatus.Active)
            .ToListAsync(cancellationToken);
        if (active.Count == 0)
        {
            return;
        }

        var subscriptions = active.ToDictionary(subscription => subscription.Id);
        var ids = subscriptions.Keys.ToArray();
        var pending = await session.Query<Delivery>()
            .Where(delivery => delivery.Status == DeliveryStatus.Pending && delivery.SubscriptionId.IsOneOf(ids))
            .OrderBy(delivery => delivery.Order)
            .ThenBy(delivery => delivery.CreatedAt)
            .Take(PassSize)
            .ToListAsync(cancellationToken);

        var now = time.GetUtcNow();
        foreach (var head in pending.GroupBy(delivery => (delivery.SubscriptionId, delivery.Subject)).Select(subject => subject.First()))
        {
            if (head.NextAttemptAt > now
                || _inFlight.Count >= _options.Concurrency
                || _perSubscription.GetValueOrDefault(head.SubscriptionId) >= _options.ConcurrencyPerSubscription
                || !_inFlight.TryAdd((head.SubscriptionId, head.Subject), 0))
            {
                continue;
            }

            _perSubscription.AddOrUpdate(head.SubscriptionId, 1, (_, count) => count + 1);
            _ = Task.Run(() => AttemptAsync(subscriptions[head.SubscriptionId], head, cancellationToken), CancellationToken.None);
        }
    }

    private async Task AttemptAsync(Subscription subscription, Delivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            var attempt = await SendAsync(subscription, delivery, cancellationToken);
            await RecordAsync(subscription, delivery, attempt, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogAttemptFailed(exception, delivery.WebhookId);
        }
        finally
        {
            _inFlight.TryRemove((delivery.SubscriptionId, delivery.Subject), out _);
            _perSubscription.AddOrUpdate(delivery.SubscriptionId, 0, (_, count) => Math.Max(0, count - 1));
            signal.Wake();
        }
    }

    private async Task<DeliveryAttempt> SendAsync(Subscription subscription, Delivery delivery, CancellationToken cancellationToken)
    {
        // The delivery continues the trace of the event that caused it: the receiver's request is part of it.
        ActivityContext.TryParse(delivery.TraceParent, null, isRemote: true, out var parent);
        using var activity = Source.StartActivity($"webhook {delivery.EventType}", ActivityKind.Producer, parent);
        activity?.SetTag("webhook.id", delivery.WebhookId);
        activity?.SetTag("webhook.subscription.id", subscription.Id);
        activity?.SetTag("talent.tenant", subscription.Tenant);

        var now = time.GetUtcNow();
        var number = delivery.Attempts.Count + 1;
        var signatures = string.Join(' ', subscription.SigningSecrets(now).Select(secret => new StandardWebhook(secret).Sign(delivery.WebhookId, now, delivery.Payload)));
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", delivery.WebhookId);
        request.Headers.Add("webhook-timestamp", now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signatures);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.AttemptTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            activity?.SetTag("http.response.status_code", (int)response.StatusCode);
            if (!response.IsSuccessStatusCode)
            {
                activity?.SetStatus(ActivityStatusCode.Error);
            }

            return new DeliveryAttempt(number, now, (int)response.StatusCode, response.IsSuccessStatusCode ? null : $"The endpoint answered {(int)response.StatusCode}.", latency);
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            var error = exception is OperationCanceledException
                ? $"No answer within {_options.AttemptTimeout.TotalSeconds:0.###} s."
                : exception.Message;
            return new DeliveryAttempt(number, now, null, error, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private async Task RecordAsync(Subscription subscription, Delivery delivery, DeliveryAttempt attempt, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        // Read again: the subscriber may have deleted the subscription or redelivered meanwhile.
        if (await session.LoadAsync<Delivery>(delivery.Id, cancellationToken) is not { Status: DeliveryStatus.Pending } current)
        {
            return;
        }

        var attempts = current.Attempts.Append(attempt).ToList();
        var windowStarted = current.WindowStartedAt ?? attempt.At;
        if (attempt.StatusCode is >= 200 and < 300)
        {
            session.Store(current with { Status = DeliveryStatus.Delivered, Attempts = attempts, NextAttemptAt = null, WindowStartedAt = windowStarted });
            await session.SaveChangesAsync(cancellationToken);
            return;
        }

        var now = time.GetUtcNow();
        var next = now + Backoff(attempts.Count(previous => previous.At >= windowStarted));
        if (next <= windowStarted + _options.RetryWindow)
        {
            session.Store(current with { Attempts = attempts, NextAttemptAt = next, WindowStartedAt = windowStarted });
            await session.SaveChangesAsync(cancellationToken);
            return;
        }

        session.Store(current with { Status = DeliveryStatus.Failed, Attempts = attempts, NextAttemptAt = null, WindowStartedAt = windowStarted });
        if (await session.LoadAsync<Subscription>(subscription.Id, cancellationToken) is { Status: SubscriptionStatus.Active } latest)
        {
            var reason = $"Delivery {delivery.WebhookId} ({delivery.EventType}) failed for {_options.RetryWindow} since {windowStarted:O} " +
                $"({attempts.Count} attempts; the last: {attempt.Error}). Resume the subscription once the endpoint answers, and redeliver what failed.";
            session.Store(latest.Paused(reason, now));
            LogPaused(subscription.Id, subscription.Tenant, reason);
        }

        await session.SaveChangesAsync(cancellationToken);
    }

    /// <summary>First retry delay × 2^(n−1), at most the longest delay, then between 50 % and 100 % of that (jitter), so retries spread out.</summary>
    private TimeSpan Backoff(int failures)
    {
        var exponential = _options.FirstRetryDelay.Ticks * Math.Pow(2, Math.Min(failures - 1, 30));
        var capped = Math.Min(exponential, _options.LongestRetryDelay.Ticks);
        return TimeSpan.FromTicks((long)(capped * (0.5 + (Random.Shared.NextDouble() / 2))));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A dispatch pass failed; the next pass tries again")]
    private partial void LogPassFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording an attempt of {WebhookId} failed; it is attempted again")]
    private partial void LogAttemptFailed(Exception exception, string webhookId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook subscription {SubscriptionId} of tenant {Tenant} paused: {Reason}")]
    private partial void LogPaused(Guid subscriptionId, string tenant, string reason);
}
