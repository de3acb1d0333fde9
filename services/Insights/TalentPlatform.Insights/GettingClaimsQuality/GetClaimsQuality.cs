using Npgsql;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Insights.GettingClaimsQuality;

/// <summary>How many figures fall in a category, per kind, and where they are listed.</summary>
public sealed record FigureCount(int Count, IReadOnlyDictionary<string, int> ByKind, string Facts);

/// <summary>
/// How much the market's figures can be trusted: how many rest on a single source, on an anonymous source,
/// on a named person's word (often a rival's — an executive speaking of a competitor's offers), on an
/// estimate, or are disputed or retracted. A figure is a deal's value, a deal's stake, an offer, an offer's
/// outcome, a market pay report, a move, or a model's training cost. Counts only: each category's figures are
/// listed, a page at a time, at its <see cref="FigureCount.Facts"/>.
/// </summary>
public sealed record ClaimsQualityAnswer(
    int Figures,
    FigureCount SingleSource,
    FigureCount AnonymousSource,
    FigureCount NamedPerson,
    FigureCount Estimate,
    FigureCount DisputedOrRetracted,
    FigureCount RumouredOnly,
    IReadOnlyDictionary<string, int> ByKind);

/// <summary>Claims quality from the per-kind, per-category counters (a few dozen rows), and the training costs (reference data, a handful).</summary>
internal sealed class GetClaimsQualityEndpoint : IUseCase
{
    public const string Route = "/api/insights/claims/quality";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Route, HandleAsync)
            .WithName("GetClaimsQuality").Answers<ClaimsQualityAnswer>().Revalidated()
            .WithSummary("How many figures rest on one source, on an anonymous or a named (possibly rival) source, on an estimate, or are disputed; each category's figures a link away.");

    private static async Task<IResult> HandleAsync(HttpContext http, ReadModels readModels, IQuerySession session, CancellationToken cancellationToken)
    {
        var generation = await readModels.LiveAsync(cancellationToken);
        await using var connection = await readModels.OpenAsync(cancellationToken);
        var costs = await session.Query<ModelTrainingCost>().ToListAsync(cancellationToken);
        var position = await ReadModels.PositionAsync(
            connection, generation, [ReadModelWriter.Models.Deals, ReadModelWriter.Models.Offers, ReadModelWriter.Models.Pay, ReadModelWriter.Models.Moves], cancellationToken);
        if (Answers.IsFresh(http, Answers.ETag("claims", generation, position, costs.Count)))
        {
            return Answers.NotModified();
        }

        var counts = new Dictionary<(string Kind, string Category), int>();
        await using (var command = new NpgsqlCommand($"select kind, category, sum(n)::int from {generation.Schema}.claim_counts group by kind, category", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                counts[(reader.GetString(0), reader.GetString(1))] = reader.GetInt32(2);
            }
        }

        foreach (var (_, flags) in TrainingCostFigures(costs))
        {
            counts[("training-cost", ClaimCategories.All)] = counts.GetValueOrDefault(("training-cost", ClaimCategories.All)) + 1;
            foreach (var category in ClaimCategories.Every.Where(category => (flags & category.Bit) != 0))
            {
                counts[("training-cost", category.Name)] = counts.GetValueOrDefault(("training-cost", category.Name)) + 1;
            }
        }

        FigureCount In(ClaimCategory category)
        {
            var byKind = counts.Where(pair => pair.Key.Category == category.Name && pair.Value > 0)
                .OrderBy(pair => pair.Key.Kind, StringComparer.Ordinal)
                .ToDictionary(pair => pair.Key.Kind, pair => pair.Value);
            return new FigureCount(byKind.Values.Sum(), byKind, Answers.Link(GetClaimsQualityFactsEndpoint.Route, ("category", category.Name)));
        }

        var all = counts.Where(pair => pair.Key.Category == ClaimCategories.All && pair.Value > 0)
            .OrderBy(pair => pair.Key.Kind, StringComparer.Ordinal)
            .ToDictionary(pair => pair.Key.Kind, pair => pair.Value);
        return TypedResults.Ok(new ClaimsQualityAnswer(
            all.Values.Sum(),
            In(ClaimCategories.SingleSource),
            In(ClaimCategories.AnonymousSource),
            In(ClaimCategories.NamedPerson),
            In(ClaimCategories.Estimate),
            In(ClaimCategories.DisputedOrRetracted),
            In(ClaimCategories.RumouredOnly),
            all));
    }

    /// <summary>A model's training costs are one figure (its first claim's id), every edition of the report a claim on it.</summary>
    internal static IEnumerable<(ModelTrainingCost First, short Flags)> TrainingCostFigures(IEnumerable<ModelTrainingCost> costs) => costs
        .GroupBy(cost => cost.Model)
        .Select(model => (model.OrderBy(cost => cost.Id).First(), ClaimCategories.Flags([.. model.Select(cost => new FigureClaim(cost.Source.Status, cost.Source.Attribution, cost.Source.Publisher))])));
}
