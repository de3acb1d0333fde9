using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;
using TalentPlatform.Webhooks.Delivering;
using TalentPlatform.Webhooks.GettingDeliveries;

namespace TalentPlatform.Webhooks.Redelivering;

internal sealed class RedeliverEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/webhooks/{id:guid}/deliveries/{deliveryId}/redeliver", HandleAsync).RequireAuthorization(Policies.Subscriber)
            .WithName("Redeliver").Starts<DeliveryView>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Sends one delivery again, with the same webhook-id, and retries it for a new window; 202 at once.");
    }

    private static async Task<IResult> HandleAsync(
        Guid id,
        string deliveryId,
        IDocumentSession session,
        DeliverySignal signal,
        TimeProvider time,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        if (await GetDeliveriesEndpoints.LoadOwnAsync(session, id, deliveryId, http, cancellationToken) is not { } delivery)
        {
            return GetDeliveriesEndpoints.NotFound(deliveryId);
        }

        var now = time.GetUtcNow();
        var again = delivery with { Status = DeliveryStatus.Pending, NextAttemptAt = now, WindowStartedAt = null };
        session.Store(again);
        await session.SaveChangesAsync(cancellationToken);
        signal.Wake();
        return TypedResults.Accepted($"/api/webhooks/{id}/deliveries/{delivery.WebhookId}", DeliveryView.From(again));
    }
}
