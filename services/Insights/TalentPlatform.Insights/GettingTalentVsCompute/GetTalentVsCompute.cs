using Npgsql;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.Vocabulary;

namespace TalentPlatform.Insights.GettingTalentVsCompute;

/// <summary>A model's training cost as currently claimed, and how many of the baseline model it is.</summary>
public sealed record ModelCost(string Model, string Organization, int Year, UsdFigure Cost, string ClaimStatus, Source Source, int CompetingClaims, decimal? RatioToBaseline);

public sealed record Ratio(string Model, decimal Value);

/// <summary>A package spread over its years: <see cref="PerYear"/> = amount ÷ <see cref="Years"/>.</summary>
public sealed record Annualised(decimal PerYear, int Years, string Rule);

/// <summary>A price paid for talent (an offer or a deal), set against model training costs and against a year of pay.</summary>
public sealed record TalentPrice(
    string Kind,
    Guid Id,
    string Organization,
    string Counterparty,
    UsdFigure Amount,
    bool UpTo,
    Annualised? Annualised,
    string ClaimStatus,
    string Publisher,
    IReadOnlyList<Ratio> Ratios,
    decimal? YearsOfReferencePay);

public sealed record ReferencePay(string Role, string Level, string Country, UsdFigure AnnualBase, Guid FactId, string ClaimStatus, string? Publisher);

public sealed record TalentVsComputeAnswer(string? Baseline, IReadOnlyList<ModelCost> Models, ReferencePay? ReferencePay, IReadOnlyList<TalentPrice> Items);

/// <summary>
/// Talent versus compute: the largest prices paid for talent from the prices kept ranked by USD (the first rows of an
/// index, however many deals and offers there are), against the training costs (reference data, a handful) and the
/// reference salary the pay index keeps for each cell.
/// </summary>
internal sealed class GetTalentVsComputeEndpoint : IUseCase
{
    public const int MaxTop = 100;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/insights/talent-vs-compute", HandleAsync)
            .WithName("GetTalentVsCompute").Answers<TalentVsComputeAnswer>().Revalidated()
            .WithSummary("The largest packages and deal values against AI model training costs, as ratios with sources; also in years of a reference salary.");
    }

    private static async Task<IResult> HandleAsync(
        string? baseline,
        string? top,
        string? referenceRole,
        string? referenceLevel,
        string? referenceCountry,
        HttpContext http,
        IQuerySession session,
        ReadModels readModels,
        PayIndexFollower pay,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .When(baseline is not null && !Slugs.IsValid(baseline), "baseline", "A model slug, such as gpt-4.")
            .When(referenceRole is { Length: 0 or > 200 }, "referenceRole", "A role, such as ml-engineer.")
            .When(referenceLevel is { Length: 0 or > 50 }, "referenceLevel", "A level, such as senior.")
            .When(referenceCountry is not null && !CountryCodes.IsAssigned(referenceCountry), "referenceCountry", "An ISO 3166-1 alpha-2 code.");
        var count = QueryParameters.Number(top, "top", MaxTop, 10, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The query is not valid.");
        }

        var generation = await readModels.LiveAsync(cancellationToken);
        await using var connection = await readModels.OpenAsync(cancellationToken);
        var costs = await session.Query<ModelTrainingCost>().ToListAsync(cancellationToken);
        var position = await ReadModels.PositionAsync(connection, generation, [ReadModelWriter.Models.Deals, ReadModelWriter.Models.Offers], cancellationToken);
        var index = pay.Current;
        if (Answers.IsFresh(http, Answers.ETag("talent-vs-compute", generation, position, costs.Count, index?.Generation.Id ?? 0, index?.MarketPoints ?? 0)))
        {
            return Answers.NotModified();
        }

        var rates = await readModels.RatesAsync(generation);
        var models = costs
            .GroupBy(cost => cost.Model)
            .Select(claims => (Current: CurrentClaim.Of(claims.OrderBy(cost => cost.Id), cost => cost.Source.Status, cost => cost.Source.PublishedOn, cost => cost.RecordedAt), Claims: claims.Count()))
            .Where(model => model.Current is not null)
            .Select(model => (Cost: model.Current!, Usd: rates.Convert(model.Current!.Amount, model.Current.Currency, new DateOnly(model.Current.Year, 7, 1)), model.Claims))
            .OrderBy(model => model.Cost.Year)
            .ThenBy(model => model.Usd.Usd)
            .ToList();
        var baselineModel = models.FirstOrDefault(model => model.Cost.Model == (baseline ?? "gpt-4")).Cost ?? (baseline is null ? models.FirstOrDefault().Cost : null);
        if (baseline is not null && baselineModel is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["baseline"] = [$"No training cost is recorded for {baseline}."] });
        }

        var baselineUsd = models.FirstOrDefault(model => model.Cost == baselineModel).Usd?.Usd;
        var modelCosts = models.Select(model => new ModelCost(
            model.Cost.Model,
            model.Cost.Organization,
            model.Cost.Year,
            model.Usd,
            WireNames.Of(model.Cost.Source.Status),
            model.Cost.Source,
            model.Claims,
            model.Usd.Usd is { } usd && baselineUsd is { } basis ? decimal.Round(usd / basis, 2) : null)).ToList();

        var reference = Reference(index, referenceRole ?? "ml-engineer", referenceLevel ?? "senior", referenceCountry ?? "US");
        var items = (await TopAsync(connection, generation, count, cancellationToken))
            .Select(item => item with
            {
                Ratios = [.. modelCosts.Where(model => model.Cost.Usd is > 0).Select(model => new Ratio(model.Model, decimal.Round(item.Amount.Usd!.Value / model.Cost.Usd!.Value, 2)))],
                YearsOfReferencePay = reference?.AnnualBase.Usd is > 0 ? decimal.Round(item.Amount.Usd!.Value / reference.AnnualBase.Usd.Value, 2) : null,
            })
            .ToList();
        return TypedResults.Ok(new TalentVsComputeAnswer(baselineModel?.Model, modelCosts, reference, items));
    }

    /// <summary>The largest prices paid for talent: the first rows of the prices' USD index.</summary>
    private static async Task<List<TalentPrice>> TopAsync(NpgsqlConnection connection, Generation generation, int count, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "select kind, id, organization, counterparty, amount, currency, usd, rate, rate_on, rate_source, up_to, per_year, years, rule, claim_status, publisher " +
            $"from {generation.Schema}.prices where usd is not null order by usd desc, id limit $1",
            connection)
        {
            Parameters = { new() { Value = count } },
        };
        var items = new List<TalentPrice>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            decimal? Number(int i) => reader.IsDBNull(i) ? null : reader.GetDecimal(i);
            items.Add(new TalentPrice(
                reader.GetString(0),
                reader.GetGuid(1),
                reader.GetString(2),
                reader.GetString(3),
                new UsdFigure(reader.GetDecimal(4), reader.GetString(5), Number(6), Number(7), reader.IsDBNull(8) ? null : reader.GetFieldValue<DateOnly>(8), Text(9)),
                reader.GetBoolean(10),
                Number(11) is { } perYear ? new Annualised(perYear, reader.GetInt32(12), Text(13)!) : null,
                reader.GetString(14),
                reader.GetString(15),
                [],
                null));
        }

        return items;
    }

    /// <summary>The reference salary: the current claim among the market points of one cell, kept by the pay index as reports arrive.</summary>
    private static ReferencePay? Reference(PayIndex? index, string role, string level, string country)
    {
        if (index?.Reference(role, level, country) is not { } chosen)
        {
            return null;
        }

        var annual = index.Rates.Convert(chosen.Base * Annualisation.PeriodsPerYear(chosen.Period)!.Value, chosen.Currency, chosen.On);
        return new ReferencePay(role, level, country, annual, chosen.Id, ContractWords.Write(chosen.ClaimStatus), chosen.Publisher);
    }
}
