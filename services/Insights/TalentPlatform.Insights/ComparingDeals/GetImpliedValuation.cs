using NpgsqlTypes;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Insights.ComparingDeals;

/// <summary>What a deal's value and stake say the whole target is worth, per pair of claims, with both sources.</summary>
public sealed record DealValuation(Guid DealId, string Acquirer, string Target, string Type, string? Status, DateOnly? AnnouncedOn, ImpliedValuation ImpliedValuation);

/// <summary>
/// "If $14.3B bought 49 %, what was the whole worth?": value ÷ stake for the deal's current figures and for every other
/// pair of a value claim and a stake claim, each as sure as the weaker of the two (the rule is in the answer).
/// </summary>
internal sealed class GetImpliedValuationEndpoint : IUseCase
{
    public const string Route = "/api/insights/deals/{id:guid}/implied-valuation";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Route, HandleAsync)
            .WithName("GetImpliedValuation").Produces<DealValuation>().ProducesProblem(StatusCodes.Status404NotFound).Revalidated()
            .WithSummary("What a deal's value and stake imply the whole target is worth (value ÷ stake), for its current figures and per pair of claims, with both sources and claim statuses; 404 when the deal is unknown or states no value and stake.");

    private static async Task<IResult> HandleAsync(Guid id, HttpContext http, ReadModels readModels, CancellationToken cancellationToken)
    {
        var generation = await readModels.LiveAsync(cancellationToken);
        await using var connection = await readModels.OpenAsync(cancellationToken);
        var position = await ReadModels.PositionAsync(connection, generation, [ReadModelWriter.Models.Deals], cancellationToken);
        if (Answers.IsFresh(http, Answers.ETag("implied-valuation", generation, position)))
        {
            return Answers.NotModified();
        }

        var deal = (await ReadModelWriter.CurrentDealsAsync(connection, generation, "id = $1", [SqlBatch.Value(id, NpgsqlDbType.Uuid)], cancellationToken)).SingleOrDefault();
        if (deal is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such deal.", detail: $"Insights knows no deal {id}.");
        }

        return DealClaims.ImpliedValuationOf(deal) is { } valuation
            ? TypedResults.Ok(new DealValuation(deal.Id, deal.Acquirer, deal.Target, deal.Type, ContractWords.WriteOrNull(deal.Status), deal.AnnouncedOn, valuation))
            : TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "The deal implies no valuation.",
                detail: $"Deal {id} states no value and stake (neither disputed nor retracted) to divide; a valuation is implied only by a price paid for a stated share.");
    }
}
