using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Webhooks.Subscribing;

public sealed record SubscribeRequest(string? Url = null, IReadOnlyList<string>? Events = null, SubscriptionFilter? Filter = null, string? Description = null);

internal sealed class SubscribeEndpoint : IUseCase
{
    public const int MaxDescriptionLength = 500;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/webhooks", HandleAsync).RequireAuthorization(Policies.Subscriber)
            .WithName("Subscribe").Creates<SubscriptionWithSecret>(versioned: false)
            .WithSummary("Subscribes the tenant's endpoint to events; the answer shows the signing secret, this once.");
    }

    /// <summary>The checks of a subscription's fields, shared with nothing else: each error names its field.</summary>
    public static async Task<ValidationErrors> ValidateAsync(SubscribeRequest request, Destinations destinations, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (await destinations.RefusalAsync(request.Url, cancellationToken) is { } refusal)
        {
            errors.Add("url", refusal);
        }

        if (request.Events is not { Count: > 0 })
        {
            errors.Add("events", $"At least one of {string.Join(", ", WebhookEvent.Catalogue)}.");
        }
        else
        {
            for (var i = 0; i < request.Events.Count; i++)
            {
                errors.When(!WebhookEvent.Catalogue.Contains(request.Events[i]), $"events[{i}]", $"One of {string.Join(", ", WebhookEvent.Catalogue)}.");
            }

            errors.When(request.Events.Distinct(StringComparer.Ordinal).Count() != request.Events.Count, "events", "Each event at most once.");
        }

        if (request.Filter is { } filter)
        {
            errors.When(filter.Organization is not null && !Slugs.IsValid(filter.Organization), "filter.organization", "An organization slug.");
            errors.When(filter.Type is not null && !WebhookEvent.Kinds.Contains(filter.Type), "filter.type", $"One of {string.Join(", ", WebhookEvent.Kinds)}.");
        }

        errors.When(
            request.Description is { } description && (description.Length > MaxDescriptionLength || !Text.IsAllowed(description)),
            "description",
            $"At most {MaxDescriptionLength} characters, without control characters.");
        return errors;
    }

    private static async Task<IResult> HandleAsync(
        SubscribeRequest request,
        IDocumentSession session,
        Destinations destinations,
        TimeProvider time,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = await ValidateAsync(request, destinations, cancellationToken);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The subscription is not valid.");
        }

        var now = time.GetUtcNow();
        var filter = request.Filter is { Organization: null, Type: null } ? null : request.Filter;
        var subscription = new Subscription(
            Guid.CreateVersion7(),
            Subscriptions.Tenant(http),
            new Uri(request.Url!),
            request.Events!,
            filter,
            request.Description,
            SubscriptionStatus.Active,
            null,
            null,
            [SigningSecret.New(now)],
            now);
        session.Store(subscription);
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.Created(
            $"/api/webhooks/{subscription.Id}",
            new SubscriptionWithSecret(SubscriptionView.From(subscription), subscription.Secrets[0].Secret));
    }
}
