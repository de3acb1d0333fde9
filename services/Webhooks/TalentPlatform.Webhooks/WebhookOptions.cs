namespace TalentPlatform.Webhooks;

/// <summary>The settings under <c>Webhooks:</c> (environment <c>Webhooks__…</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// Hosts (comma-separated) a subscription may name whatever they resolve to, over plain HTTP too. Empty in
    /// a deployment; the tests put 127.0.0.1 here to receive on loopback.
    /// </summary>
    public string AllowedHosts { get; set; } = "";

    /// <summary>How long a delivery is retried, from its first attempt, before the subscription is paused.</summary>
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromDays(3);

    /// <summary>The wait before the first retry; each later wait doubles, up to <see cref="LongestRetryDelay"/>, with jitter.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan LongestRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one attempt may take, connection included, before it counts as failed.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the previous secret still signs after a rotation.</summary>
    public TimeSpan RotationOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the dispatcher looks for due retries when nothing new arrives.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Attempts in flight at once for one subscription: a slow endpoint holds these and nothing else.</summary>
    public int ConcurrencyPerSubscription { get; set; } = 4;

    /// <summary>Attempts in flight at once in this host.</summary>
    public int Concurrency { get; set; } = 256;

    public IReadOnlySet<string> AllowedHostSet() =>
        AllowedHosts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
}
