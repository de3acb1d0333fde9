using Marten;

namespace TalentPlatform.Compensation.GettingOffer;

internal static class GetOfferEndpoint
{
    public static IEndpointRouteBuilder MapGetOffer(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/compensation/offers/{id:guid}", HandleAsync).WithName("GetOffer").WithTags(ApiTags.Offers);
        return app;
    }

    private static async Task<IResult> HandleAsync(Guid id, IQuerySession session, HttpResponse response, CancellationToken cancellationToken) =>
        Snapshots.Answer(await session.LoadAsync<Offer>(id, cancellationToken), offer => offer.Version, () => OfferCommands.NotFound(id), response);
}
