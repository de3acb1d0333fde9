
namespace TalentPlatform.Compensation;

/// <summary>The shared command path (<see cref="StreamCommands{TState}"/>) for offers, which answer with their state.</summary>
internal static class OfferCommands
{
    public static readonly StreamCommands<Offer> Run = new(
        Offer.Fold,
        (offer, version) => offer with { Version = version },
        offer => $"/api/compensation/offers/{offer.Id}",
        NotFound);

    public static IResult NotFound(Guid offerId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such offer.", detail: $"No offer has the id {offerId}.");
}
