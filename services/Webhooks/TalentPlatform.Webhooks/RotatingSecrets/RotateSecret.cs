using Microsoft.Extensions.Options;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Webhooks.RotatingSecrets;

internal sealed class RotateSecretEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/webhooks/{id:guid}/rotate-secret", HandleAsync).RequireAuthorization(Policies.Subscriber)
            .WithName("RotateSecret").Produces<SubscriptionWithSecret>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A new signing secret, shown this once; the previous one keeps signing beside it until previousSecretExpiresAt.");
    }

    private static async Task<IResult> HandleAsync(
        Guid id,
        IDocumentSession session,
        IOptions<WebhookOptions> options,
        TimeProvider time,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        if (await Subscriptions.LoadOwnAsync(session, id, http, cancellationToken) is not { } subscription)
        {
            return Subscriptions.NotFound(id);
        }

        // The newest secret signs, and the one it replaces for the overlap; one rotated out earlier stops now.
        var now = time.GetUtcNow();
        var rotated = subscription with
        {
            Secrets = [SigningSecret.New(now), subscription.Secrets[0] with { ExpiresAt = now + options.Value.RotationOverlap }],
        };
        session.Store(rotated);
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new SubscriptionWithSecret(SubscriptionView.From(rotated), rotated.Secrets[0].Secret));
    }
}
