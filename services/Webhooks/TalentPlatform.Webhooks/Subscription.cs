using System.Security.Cryptography;

namespace TalentPlatform.Webhooks;

public enum SubscriptionStatus
{
    Active,
    Paused,
}

/// <summary>Which events of the catalogue a subscription wants: about one organization (either side), of one type.</summary>
/// <param name="Organization">An organization slug: a deal's acquirer or target, a move's origin or destination.</param>
/// <param name="Type">A deal type (acquisition, …) for deal events; named or group for talent moves.</param>
public sealed record SubscriptionFilter(string? Organization = null, string? Type = null);

/// <summary>A signing secret; the previous one keeps signing until <see cref="ExpiresAt"/> after a rotation.</summary>
public sealed record SigningSecret(string Secret, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt)
{
    /// <summary>The Standard Webhooks form: <c>whsec_</c> and 32 random bytes in base64.</summary>
    public static SigningSecret New(DateTimeOffset now) => new($"whsec_{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}", now, null);
}

/// <summary>One tenant's webhook: where to, which events, and the secrets its deliveries are signed with.</summary>
public sealed record Subscription(
    Guid Id,
    string Tenant,
    Uri Url,
    IReadOnlyList<string> Events,
    SubscriptionFilter? Filter,
    string? Description,
    SubscriptionStatus Status,
    string? PausedReason,
    DateTimeOffset? PausedAt,
    IReadOnlyList<SigningSecret> Secrets,
    DateTimeOffset CreatedAt)
{
    /// <summary>The secrets that sign now: the newest first, and the previous one during its overlap.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        [.. Secrets.Where(secret => secret.ExpiresAt is null || secret.ExpiresAt > now).Select(secret => secret.Secret)];

    public Subscription Paused(string reason, DateTimeOffset now) => this with { Status = SubscriptionStatus.Paused, PausedReason = reason, PausedAt = now };

    /// <summary>Whether an event about these organizations (and of this type) passes the filter.</summary>
    public bool Matches(WebhookEvent @event) =>
        Filter is null
        || ((Filter.Organization is null || @event.Organizations.Contains(Filter.Organization))
            && (Filter.Type is null || string.Equals(Filter.Type, @event.Kind, StringComparison.Ordinal)));
}

/// <summary>What a subscription shows: never its secret, which is shown once, when created or rotated.</summary>
public sealed record SubscriptionView(
    Guid Id,
    Uri Url,
    IReadOnlyList<string> Events,
    SubscriptionFilter? Filter,
    string? Description,
    string Status,
    string? PausedReason,
    DateTimeOffset? PausedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset SecretCreatedAt,
    DateTimeOffset? PreviousSecretExpiresAt)
{
    public static SubscriptionView From(Subscription subscription) => new(
        subscription.Id,
        subscription.Url,
        subscription.Events,
        subscription.Filter,
        subscription.Description,
        subscription.Status == SubscriptionStatus.Active ? "active" : "paused",
        subscription.PausedReason,
        subscription.PausedAt,
        subscription.CreatedAt,
        subscription.Secrets[0].CreatedAt,
        subscription.Secrets.Skip(1).Select(secret => secret.ExpiresAt).FirstOrDefault());
}

/// <summary>A subscription as created or rotated: with its secret, this once.</summary>
public sealed record SubscriptionWithSecret(SubscriptionView Subscription, string Secret);

/// <summary>Loads a subscription of the caller's tenant; another tenant's is as unknown as one that never was.</summary>
internal static class Subscriptions
{
    public static async Task<Subscription?> LoadOwnAsync(IQuerySession session, Guid id, HttpContext http, CancellationToken cancellationToken)
    {
        var subscription = await session.LoadAsync<Subscription>(id, cancellationToken);
        return subscription is not null && subscription.Tenant == Tenant(http) ? subscription : null;
    }

    public static string Tenant(HttpContext http) =>
        TalentPlatform.ServiceDefaults.Security.GatewayIdentity.Tenant(http.User)
        ?? throw new InvalidOperationException("The forwarded identity names no tenant.");

    public static IResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such webhook subscription.", detail: $"Subscription {id} does not exist.");

    public static void Configure(StoreOptions options) =>
        options.Schema.For<Subscription>().Duplicate(subscription => subscription.Tenant);
}
