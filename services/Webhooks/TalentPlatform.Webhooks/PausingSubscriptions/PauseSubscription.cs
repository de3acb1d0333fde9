using TalentPlatform.ServiceDefaults.Security;
using TalentPlatform.Webhooks.Delivering;

namespace TalentPlatform.Webhooks.PausingSubscriptions;

internal sealed class PauseSubscriptionEndpoints : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/webhooks/{id:guid}/pause", PauseAsync).RequireAuthorization(Policies.Subscriber)
            .WithName("PauseSubscription").Produces<SubscriptionView>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Stops sending; events keep being recorded for the subscription and go out, in order, once resumed.");
        app.MapPost("/api/webhooks/{id:guid}/resume", ResumeAsync).RequireAuthorization(Policies.Subscriber)
            .WithName("ResumeSubscription").Produces<SubscriptionView>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Sends again, starting with what waited while paused. Deliveries that failed stay failed: redeliver them one by one.");
    }

    private static async Task<IResult> PauseAsync(Guid id, IDocumentSession session, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        if (await Subscriptions.LoadOwnAsync(session, id, http, cancellationToken) is not { } subscription)
        {
            return Subscriptions.NotFound(id);
        }

        var paused = subscription.Status == SubscriptionStatus.Paused ? subscription : subscription.Paused("Paused by the subscriber.", time.GetUtcNow());
        session.Store(paused);
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(SubscriptionView.From(paused));
    }

    private static async Task<IResult> ResumeAsync(Guid id, IDocumentSession session, DeliverySignal signal, HttpContext http, CancellationToken cancellationToken)
    {
        if (await Subscriptions.LoadOwnAsync(session, id, http, cancellationToken) is not { } subscription)
        {
            return Subscriptions.NotFound(id);
        }

        var resumed = subscription with { Status = SubscriptionStatus.Active, PausedReason = null, PausedAt = null };
        session.Store(resumed);
        await session.SaveChangesAsync(cancellationToken);
        signal.Wake();
        return TypedResults.Ok(SubscriptionView.From(resumed));
    }
}
