using System.Security.Cryptography;
using System.Text;

namespace TalentPlatform.Webhooks.Delivering;

public enum DeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>One attempt to deliver: what the endpoint answered (or why nothing came back) and how long it took.</summary>
public sealed record DeliveryAttempt(int Number, DateTimeOffset At, int? StatusCode, string? Error, double LatencyMs);

/// <summary>
/// One event for one subscription, kept until it is delivered or its retry window runs out, so a restart
/// loses nothing. Its id is the <c>webhook-id</c> every attempt carries, derived from the integration
/// event's MessageId and the subscription, so a redelivered message makes no second delivery.
/// </summary>
/// <param name="Order">The event's sequence in its publisher's store: deliveries about one subject go out in this order.</param>
/// <param name="TraceParent">The W3C trace context of the event that caused the delivery, which each attempt continues.</param>
/// <param name="WindowStartedAt">When retrying started (the first attempt, or a manual redelivery).</param>
public sealed record Delivery(
    Guid Id,
    Guid SubscriptionId,
    string Tenant,
    string EventType,
    string Subject,
    long Order,
    string Payload,
    string? TraceParent,
    DateTimeOffset CreatedAt,
    DeliveryStatus Status,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? WindowStartedAt,
    IReadOnlyList<DeliveryAttempt> Attempts)
{
    public string WebhookId => $"msg_{Id:N}";

    public static Guid IdFor(Guid messageId, Guid subscriptionId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{messageId:N}/{subscriptionId:N}"), hash);
        return new Guid(hash[..16]);
    }

    public static void Configure(StoreOptions options) =>
        options.Schema.For<Delivery>()
            .Duplicate(delivery => delivery.SubscriptionId)
            .Duplicate(delivery => delivery.Status)
            .Duplicate(delivery => delivery.Order)
            .Duplicate(delivery => delivery.CreatedAt);
}

/// <summary>A delivery in the log: attempts, status, latency and the next try.</summary>
public sealed record DeliveryView(
    string Id,
    string EventType,
    string Subject,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    int AttemptCount,
    IReadOnlyList<DeliveryAttempt> Attempts)
{
    public static DeliveryView From(Delivery delivery) => new(
        delivery.WebhookId,
        delivery.EventType,
        delivery.Subject,
        delivery.Status.ToString().ToLowerInvariant(),
        delivery.CreatedAt,
        delivery.NextAttemptAt,
        delivery.Attempts.Count,
        delivery.Attempts);

    /// <summary>The delivery id a caller writes, <c>msg_…</c> as in the webhook-id header, or a bare id.</summary>
    public static bool TryParseId(string text, out Guid id) =>
        Guid.TryParseExact(text.StartsWith("msg_", StringComparison.Ordinal) ? text[4..] : text, "N", out id) || Guid.TryParse(text, out id);
}
