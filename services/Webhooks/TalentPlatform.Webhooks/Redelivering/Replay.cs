using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;
using TalentPlatform.Webhooks.Delivering;

namespace TalentPlatform.Webhooks.Redelivering;

/// <param name="Since">Every delivery made for events recorded at or after this time is sent again.</param>
public sealed record ReplayRequest(DateTimeOffset? Since);

/// <summary>What a replay queued: how many deliveries, since when, and where to follow them.</summary>
public sealed record ReplayStarted(int Replayed, DateTimeOffset Since, string Deliveries);

/// <summary>
/// Replays a subscription's deliveries since a time: each is sent again with its own webhook-id (the receiver
/// deduplicates what it already has), in order per subject as the first time, and retried for a new window.
/// </summary>
internal sealed class ReplayEndpoint : IUseCase
{
    private const int Page = 1_000;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/webhooks/{id:guid}/replay", HandleAsync).RequireAuthorization(Policies.Subscriber)
            .WithName("ReplayDeliveries").Starts<ReplayStarted>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Sends again every delivery made since a time (delivered, failed or pending), with the same webhook-ids, in order per subject; 202 at once. A paused subscription sends them once resumed.");
    }

    private static async Task<IResult> HandleAsync(
        Guid id,
        ReplayRequest request,
        IDocumentSession session,
        DeliverySignal signal,
        TimeProvider time,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var errors = new ValidationErrors()
            .When(request.Since is null, "since", "Required: a date-time; every delivery made since then is sent again.")
            .When(request.Since > now, "since", "Not in the future.");
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The replay is not valid.");
        }

        if (await Subscriptions.LoadOwnAsync(session, id, http, cancellationToken) is null)
        {
            return Subscriptions.NotFound(id);
        }

        // A page at a time, each saved before the next is read, so a long history is never held whole. The pages go
        // in the order the events happened, and a replayed delivery keeps its place in it (it was made since then).
        var since = request.Since!.Value;
        var replayed = 0;
        while (true)
        {
            var page = await session.Query<Delivery>()
                .Where(delivery => delivery.SubscriptionId == id && delivery.CreatedAt >= since)
                .OrderBy(delivery => delivery.Order).ThenBy(delivery => delivery.CreatedAt).ThenBy(delivery => delivery.Id)
                .Skip(replayed)
                .Take(Page)
                .ToListAsync(cancellationToken);
            foreach (var delivery in page)
            {
                session.Store(delivery with { Status = DeliveryStatus.Pending, NextAttemptAt = now, WindowStartedAt = null });
            }

            await session.SaveChangesAsync(cancellationToken);
            replayed += page.Count;
            if (page.Count < Page)
            {
                break;
            }
        }

        signal.Wake();
        var deliveries = $"/api/webhooks/{id}/deliveries?status=pending";
        return TypedResults.Accepted(deliveries, new ReplayStarted(replayed, since, deliveries));
    }
}
