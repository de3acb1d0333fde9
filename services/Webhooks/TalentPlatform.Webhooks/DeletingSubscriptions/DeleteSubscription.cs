using TalentPlatform.ServiceDefaults.Security;
using TalentPlatform.Webhooks.Delivering;

namespace TalentPlatform.Webhooks.DeletingSubscriptions;

internal sealed class DeleteSubscriptionEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapDelete("/api/webhooks/{id:guid}", HandleAsync).RequireAuthorization(Policies.Subscriber)
            .WithName("DeleteSubscription").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Deletes the subscription, its secrets and its delivery log; nothing more is sent.");
    }

    private static async Task<IResult> HandleAsync(Guid id, IDocumentSession session, HttpContext http, CancellationToken cancellationToken)
    {
        if (await Subscriptions.LoadOwnAsync(session, id, http, cancellationToken) is null)
        {
            return Subscriptions.NotFound(id);
        }

        session.Delete<Subscription>(id);
        session.DeleteWhere<Delivery>(delivery => delivery.SubscriptionId == id);
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
