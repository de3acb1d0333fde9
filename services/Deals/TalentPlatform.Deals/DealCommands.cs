
namespace TalentPlatform.Deals;

/// <summary>The shared command path (<see cref="StreamCommands{TState}"/>) for deals.</summary>
internal static class DealCommands
{
    public static readonly StreamCommands<Deal> Run = new(
        Deal.Fold,
        (deal, version) => DealView.From(deal, version),
        deal => $"/api/deals/{deal.Id}",
        NotFound);

    public static IResult NotFound(Guid dealId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such deal.", detail: $"No deal has the id {dealId}.");
}
