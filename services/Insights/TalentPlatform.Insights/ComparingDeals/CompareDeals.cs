using System.Globalization;
using NpgsqlTypes;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.Vocabulary;

namespace TalentPlatform.Insights.ComparingDeals;

/// <summary>One value claimed for a deal, with its source: what a compared figure rests on.</summary>
public sealed record ValueSource(Guid ClaimId, Money Value, ClaimStatus ClaimStatus, Source? Source);

/// <summary>A deal in a comparison: its structure (the deal type), status and current value in USD, every value claimed for it with its source.</summary>
public sealed record ComparedDeal(
    Guid DealId,
    string Acquirer,
    string Target,
    string Structure,
    string? Status,
    DateOnly? AnnouncedOn,
    UsdFigure? Value,
    string? ClaimStatus,
    decimal? StakePercent,
    IReadOnlyList<ValueSource> Sources);

/// <summary>How many times <see cref="Of"/>'s current USD value <see cref="To"/>'s is.</summary>
public sealed record DealRatio(Guid Of, Guid To, decimal Ratio);

public sealed record DealComparison(string? Target, string Rule, IReadOnlyList<ComparedDeal> Deals, IReadOnlyList<DealRatio> Ratios);

/// <summary>
/// Deals side by side — every deal for one target (cancelled offers included), or the deals named — with each one's
/// current value in USD and the ratio between every two that have one: "Google's $2.4B for Windsurf is 0.8 × OpenAI's
/// collapsed $3B offer".
/// </summary>
internal sealed class CompareDealsEndpoint : IUseCase
{
    public const string Route = "/api/insights/deals/compare";
    public const int MaxDeals = 20;

    private const string Rule =
        "Each deal's current value (the claim Deals chose: confirmed over reported over rumoured, then the newest) in USD at the rate in force on its " +
        "announcement day; a ratio is one deal's USD value ÷ another's, to four decimals, for every two deals that have one. Cancelled and rumoured deals are compared too, with their status.";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Route, HandleAsync)
            .WithName("CompareDeals").Answers<DealComparison>().ProducesProblem(StatusCodes.Status404NotFound).Revalidated()
            .WithSummary($"Deals side by side: ?target= (every deal for that target, cancelled ones included) or ?deals=id,id (2 to {MaxDeals} deals sharing a target or an acquirer); each deal's structure, status, current USD value and value claims with their sources, and the ratio between every two.");

    private static async Task<IResult> HandleAsync(string? target, string? deals, HttpContext http, ReadModels readModels, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .When(target is null == deals is null, "target", "Name a target (?target=windsurf) or the deals (?deals=id,id), not both.")
            .When(target is not null && !Slugs.IsValid(target), "target", "The target organization's slug, such as windsurf.");
        var ids = deals is null ? [] : ParseIds(deals, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The comparison is not valid.");
        }

        var generation = await readModels.LiveAsync(cancellationToken);
        await using var connection = await readModels.OpenAsync(cancellationToken);
        var position = await ReadModels.PositionAsync(connection, generation, [ReadModelWriter.Models.Deals], cancellationToken);
        if (Answers.IsFresh(http, Answers.ETag("compare", generation, position)))
        {
            return Answers.NotModified();
        }

        var found = target is not null
            ? await ReadModelWriter.CurrentDealsAsync(connection, generation, "target = $1", [SqlBatch.Value(target, NpgsqlDbType.Text)], cancellationToken)
            : await ReadModelWriter.CurrentDealsAsync(connection, generation, "id = any($1)", [SqlBatch.Array(ids, NpgsqlDbType.Uuid)], cancellationToken);
        if (target is not null && found.Count == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No deals for this target.", detail: $"Insights knows no deal whose target is '{target}'.");
        }

        var missing = ids.Except(found.Select(deal => deal.Id)).ToList();
        if (missing.Count > 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such deal.", detail: $"Insights knows no deal {string.Join(", ", missing)}.");
        }

        if (target is null && found.Select(deal => deal.Target).Distinct(StringComparer.Ordinal).Count() > 1 && found.Select(deal => deal.Acquirer).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["deals"] = ["These deals share neither their target nor their acquirer; compare deals for one target, or one acquirer's deals."] },
                title: "The comparison is not valid.");
        }

        var compared = found.Select(deal => new ComparedDeal(
            deal.Id,
            deal.Acquirer,
            deal.Target,
            deal.Type,
            ContractWords.WriteOrNull(deal.Status),
            deal.AnnouncedOn,
            deal.Usd,
            ContractWords.WriteOrNull(deal.ClaimStatus),
            deal.StakePercent,
            [.. DealClaims.Values(deal).Select(value => new ValueSource(value.ClaimId, value.Value, value.ClaimStatus, value.Source))])).ToList();
        var ratios = (
            from of in compared
            from to in compared
            where of.DealId != to.DealId && of.Value?.Usd is > 0 && to.Value?.Usd is > 0
            select new DealRatio(of.DealId, to.DealId, Math.Round(of.Value!.Usd!.Value / to.Value!.Usd!.Value, 4, MidpointRounding.AwayFromZero))).ToList();
        return TypedResults.Ok(new DealComparison(target, Rule, compared, ratios));
    }

    private static Guid[] ParseIds(string deals, ValidationErrors errors)
    {
        var parts = deals.Split(',', StringSplitOptions.TrimEntries);
        var ids = new List<Guid>();
        foreach (var part in parts)
        {
            if (!Guid.TryParseExact(part, "D", out var id))
            {
                errors.When(true, "deals", string.Create(CultureInfo.InvariantCulture, $"Deal ids separated by commas; '{(part.Length > 40 ? part[..40] + "…" : part)}' is not one."));
                return [];
            }

            ids.Add(id);
        }

        var distinct = ids.Distinct().ToArray();
        errors.When(distinct.Length is < 2 or > MaxDeals, "deals", $"2 to {MaxDeals} different deals.");
        return distinct;
    }
}
