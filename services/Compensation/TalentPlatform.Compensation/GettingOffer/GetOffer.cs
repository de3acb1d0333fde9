using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Compensation.GettingOffer;

internal sealed class GetOfferEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/compensation/offers/{id:guid}", HandleAsync).WithName("GetOffer").Reads<Offer>().WithSummary("An offer with its package and every report of its outcome.").WithTags(ApiTags.Offers);
    }

    private static async Task<IResult> HandleAsync(Guid id, IQuerySession session, HttpResponse response, CancellationToken cancellationToken) =>
        Snapshots.Answer(await session.LoadAsync<Offer>(id, cancellationToken), offer => offer.Version, () => OfferCommands.NotFound(id), response);
}
