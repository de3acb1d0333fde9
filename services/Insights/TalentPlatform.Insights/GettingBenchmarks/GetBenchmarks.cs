using TalentPlatform.Compensation.Contracts;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Insights.GettingBenchmarks;

public sealed record FactRef(Guid Id, string ClaimStatus);

/// <summary>A reported band (range), shown as a band and never mixed into percentiles.</summary>
public sealed record Band(Guid FactId, string Component, string Period, UsdFigure Min, UsdFigure Max, string Annualisation, string ClaimStatus, string? Publisher);

/// <summary>An average or median someone else computed, shown as reported and never mixed into percentiles.</summary>
public sealed record ReportedStatistic(Guid FactId, string Kind, string Component, int? SampleSize, UsdFigure Value, string Annualisation, string ClaimStatus, string? Publisher);

/// <summary>
/// One cell (a level in a country, or the total of the query). Measures are the recurring components
/// annualised in USD (base, bonus, equityPerYear), their sum (total), and the one-off signOn, never
/// added to recurring pay. A suppressed cell shows no n and no values.
/// </summary>
public sealed record BenchmarkCell(
    string? Level,
    string? Country,
    int? N,
    Suppression Suppression,
    IReadOnlyDictionary<string, PercentileSet?> Measures,
    IReadOnlyList<FactRef> MarketFacts,
    int? TenantRows,
    int ExcludedUnconverted,
    IReadOnlyList<Band> Bands,
    IReadOnlyList<ReportedStatistic> ReportedStatistics);

public sealed record Benchmarks(string Role, string? Level, string? Country, DateTimeOffset? AsOf, int K, string Method, string Rules, IReadOnlyList<BenchmarkCell> Cells, BenchmarkCell Total);

internal sealed class GetBenchmarksEndpoint : IUseCase
{
    private static readonly string[] Recurring = ["base", "bonus", "equityPerYear"];
    private static readonly string[] MeasureNames = ["base", "bonus", "equityPerYear", "total", "signOn"];

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/insights/compensation/benchmarks", HandleAsync)
            .WithName("GetCompensationBenchmarks")
            .WithSummary("Pay percentiles per level and country for a role, market reports and tenant rows pooled, small cells suppressed; ?asOf= as known then.");
    }

    public static void Configure(StoreOptions options) => options.Schema.For<PayFact>().Duplicate(fact => fact.Role);

    private static async Task<IResult> HandleAsync(string? role, string? level, string? country, string? asOf, IQuerySession session, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .When(string.IsNullOrWhiteSpace(role) || role.Length > 200, "role", "The role, such as ml-engineer.")
            .When(level is { Length: 0 or > 50 }, "level", "A level such as senior.")
            .When(country is not null && !CountryCodes.IsAssigned(country), "country", "An ISO 3166-1 alpha-2 code, such as GB.");
        var knownAt = QueryParameters.AsOf(asOf, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The benchmark query is not valid.");
        }

        var k = configuration.GetValue("Insights:K", 5);
        var outerFrom = configuration.GetValue("Insights:OuterPercentilesFrom", 10);
        var facts = (await session.Query<PayFact>().Where(fact => fact.Role == role).ToListAsync(cancellationToken))
            .Where(fact => knownAt is null || fact.RecordedAt <= knownAt)
            .Where(fact => level is null || fact.Level == level)
            .Where(fact => country is null || fact.Country == country)
            .ToList();
        var rates = await UsdRates.LoadAsync(session, knownAt, cancellationToken);

        var groups = facts
            .GroupBy(fact => (fact.Level, fact.Country))
            .OrderBy(group => group.Key.Country, StringComparer.Ordinal)
            .ThenBy(group => group.Key.Level, StringComparer.Ordinal)
            .ToList();
        var cells = groups.Select(group => Measure(group.Key.Level, group.Key.Country, [.. group], rates)).ToList();
        var total = Measure(level, country, facts, rates);

        // Suppression runs per measure: a measure's n can differ from the cell's (not every row has a bonus).
        var suppressedCells = new Suppression[cells.Count];
        var suppressedTotal = false;
        var measures = cells.Select(_ => new Dictionary<string, PercentileSet?>()).ToList();
        var totalMeasures = new Dictionary<string, PercentileSet?>();
        foreach (var name in MeasureNames.Prepend("rows"))
        {
            var (cellDecisions, totalHidden) = CellSuppression.Decide([.. cells.Select(cell => cell.Count(name))], total.Count(name), k);
            for (var i = 0; i < cells.Count; i++)
            {
                if (name == "rows")
                {
                    suppressedCells[i] = cellDecisions[i];
                }
                else
                {
                    measures[i][name] = cellDecisions[i] == Suppression.None && suppressedCells[i] == Suppression.None
                        ? Percentiles.Set(cells[i].Values[name], k, outerFrom)
                        : null;
                }
            }

            if (name == "rows")
            {
                suppressedTotal = totalHidden;
            }
            else
            {
                totalMeasures[name] = totalHidden || suppressedTotal ? null : Percentiles.Set(total.Values[name], k, outerFrom);
            }
        }

        return TypedResults.Ok(new Benchmarks(
            role!,
            level,
            country,
            knownAt,
            k,
            Percentiles.Method,
            $"USD at the rate in force on each fact's date; {string.Join(", ", new PayPeriod?[] { PayPeriod.Annual, PayPeriod.Monthly, PayPeriod.Hourly }.Select(Annualisation.Rule))}; " +
            $"signOn is one-off and never added to total (= base + bonus + equityPerYear); points and tenant rows pooled; cells under k = {k} suppressed, " +
            $"with a complementary cell when one alone would be; p25–p75 from n ≥ {k}, p10 and p90 from n ≥ {outerFrom}; bands and reported averages or medians listed, not pooled.",
            [.. cells.Select((cell, i) => cell.ToCell(suppressedCells[i], measures[i]))],
            total.ToCell(suppressedTotal ? Suppression.Primary : Suppression.None, totalMeasures)));
    }

    private static CellData Measure(string? level, string? country, IReadOnlyList<PayFact> facts, UsdRates rates)
    {
        var values = MeasureNames.ToDictionary(name => name, _ => new List<decimal>());
        var excluded = 0;
        var bands = new List<Band>();
        var reported = new List<ReportedStatistic>();
        var pooled = facts.Where(fact => fact.Kind == FigureKind.Point).ToList();
        foreach (var fact in pooled)
        {
            var perYear = Annualisation.PeriodsPerYear(fact.Period);
            var row = Components(fact.Components)
                .Select(component => (component.Name, Usd: rates.Convert(component.Figure.Amount ?? 0m, fact.Currency, fact.On).Usd))
                .ToList();
            if (row.Any(component => component.Usd is null))
            {
                excluded++;
                continue;
            }

            foreach (var (name, usd) in row)
            {
                if (name == "signOn" || perYear is null)
                {
                    // One-off pay is kept apart: never annualised, never added to recurring pay.
                    values["signOn"].Add(usd!.Value);
                }
                else
                {
                    values[name].Add(usd!.Value * perYear.Value);
                }
            }

            var recurring = row.Where(component => Recurring.Contains(component.Name)).ToList();
            if (perYear is not null && recurring.Any(component => component.Name == "base"))
            {
                values["total"].Add(recurring.Sum(component => component.Usd!.Value) * perYear.Value);
            }
        }

        foreach (var fact in facts.Where(fact => fact.Kind == FigureKind.Range))
        {
            foreach (var (name, figure) in Components(fact.Components))
            {
                bands.Add(new Band(
                    fact.Id,
                    name,
                    ContractWords.Write(fact.Period),
                    rates.Convert(figure.Min ?? 0m, fact.Currency, fact.On),
                    rates.Convert(figure.Max ?? 0m, fact.Currency, fact.On),
                    Annualisation.Rule(fact.Period),
                    ContractWords.Write(fact.ClaimStatus),
                    fact.Publisher));
            }
        }

        foreach (var fact in facts.Where(fact => fact.Kind is FigureKind.Average or FigureKind.Median))
        {
            foreach (var (name, figure) in Components(fact.Components))
            {
                reported.Add(new ReportedStatistic(
                    fact.Id,
                    ContractWords.Write(fact.Kind),
                    name,
                    fact.SampleSize,
                    rates.Convert(figure.Amount ?? 0m, fact.Currency, fact.On),
                    Annualisation.Rule(fact.Period),
                    ContractWords.Write(fact.ClaimStatus),
                    fact.Publisher));
            }
        }

        return new CellData(
            level,
            country,
            pooled.Count - excluded,
            values,
            [.. pooled.Where(fact => fact.Origin == PayOrigin.Market).OrderBy(fact => fact.Id).Select(fact => new FactRef(fact.Id, ContractWords.Write(fact.ClaimStatus)))],
            pooled.Count(fact => fact.Origin == PayOrigin.Tenant),
            excluded,
            [.. bands.OrderBy(band => band.FactId).ThenBy(band => band.Component, StringComparer.Ordinal)],
            [.. reported.OrderBy(statistic => statistic.FactId).ThenBy(statistic => statistic.Component, StringComparer.Ordinal)]);
    }

    private static IEnumerable<(string Name, PayFigure Figure)> Components(PayComponents components) =>
        new[] { ("base", components.Base), ("bonus", components.Bonus), ("equityPerYear", components.EquityPerYear), ("signOn", components.SignOn) }
            .Where(component => component.Item2 is not null)
            .Select(component => (component.Item1, component.Item2!));

    private sealed record CellData(
        string? Level,
        string? Country,
        int Rows,
        Dictionary<string, List<decimal>> Values,
        IReadOnlyList<FactRef> MarketFacts,
        int TenantRows,
        int Excluded,
        IReadOnlyList<Band> Bands,
        IReadOnlyList<ReportedStatistic> Reported)
    {
        public int Count(string measure) => measure == "rows" ? Rows : Values[measure].Count;

        public BenchmarkCell ToCell(Suppression suppression, IReadOnlyDictionary<string, PercentileSet?> measures) => suppression == Suppression.None
            ? new BenchmarkCell(Level, Country, Rows, suppression, measures, MarketFacts, TenantRows, Excluded, Bands, Reported)
            : new BenchmarkCell(Level, Country, null, suppression, MeasureNames.ToDictionary(name => name, _ => (PercentileSet?)null), MarketFacts, null, 0, Bands, Reported);
    }
}
