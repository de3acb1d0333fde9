using TalentPlatform.Compensation.Contracts;

namespace TalentPlatform.Insights;

/// <summary>A reported band (range), shown as a band and never mixed into percentiles.</summary>
public sealed record Band(Guid FactId, string Component, string Period, UsdFigure Min, UsdFigure Max, string Annualisation, string ClaimStatus, string? Publisher);

/// <summary>An average or median someone else computed, shown as reported and never mixed into percentiles.</summary>
public sealed record ReportedStatistic(Guid FactId, string Kind, string Component, int? SampleSize, UsdFigure Value, string Annualisation, string ClaimStatus, string? Publisher);

/// <summary>
/// What a benchmark needs to know about one cell of one role: a level in a country (the finest cells), or a
/// level in every country, a country at every level, or the whole role (<see cref="AllLevels"/>,
/// <see cref="AllCountries"/>). Percentiles are kept for every n; which of them may be shown (k, p10/p90 only
/// from n ≥ 10) and whether the cell is suppressed are decided when it is asked for, as before.
/// </summary>
/// <param name="Rows">Points pooled into the percentiles: market points and tenant rows, less those with no USD rate.</param>
/// <param name="Points">Points before that (the tenant rows among them counted in <paramref name="TenantRows"/>).</param>
/// <param name="Bands">The first <see cref="PayCells.Listed"/> bands, by fact and component; <paramref name="BandCount"/> counts them all.</param>
/// <param name="Contributors">
/// Rows pooled per contributor (a tenant, or the publisher of market reports): what a rule on contributors (at least
/// three, none above half of the rows) decides on. Kept, never shown.
/// </param>
public sealed record PayCell(
    string? Level,
    string? Country,
    bool AllLevels,
    bool AllCountries,
    int Rows,
    int Points,
    int TenantRows,
    int Excluded,
    IReadOnlyDictionary<string, PercentileSet> Measures,
    IReadOnlyList<Band> Bands,
    int BandCount,
    IReadOnlyList<ReportedStatistic> ReportedStatistics,
    int ReportedStatisticCount,
    IReadOnlyDictionary<string, int> Contributors)
{
    public bool IsFinest => !AllLevels && !AllCountries;

    public int Count(string measure) => measure == PayCells.RowsMeasure ? Rows : Measures[measure].N;

    public static PayCell Empty(string? level, string? country) => new(
        level, country, level is null, country is null, 0, 0, 0, 0,
        PayCells.MeasureNames.ToDictionary(name => name, _ => new PercentileSet(0, null, null, null, null, null)), [], 0, [], 0, new Dictionary<string, int>());
}

/// <summary>
/// The rules that measure a benchmark cell, written once: USD at the rate in force on each fact's date, annualised by
/// period, exact type-7 percentiles kept for every n. <see cref="PayIndex"/> applies them to each report as it
/// arrives; <see cref="Compute"/> applies them to a list of facts at once (an as-of question that predates a rate,
/// and the tests that prove both agree).
/// </summary>
internal static class PayCells
{
    public const string Table = "insights_pay_cells";
    public const string RowsMeasure = "rows";

    /// <summary>Bands and reported statistics listed in a cell; the rest are in its list of facts.</summary>
    public const int Listed = 10;

    public static readonly string[] MeasureNames = ["base", "bonus", "equityPerYear", "total", "signOn"];

    private static readonly string[] Recurring = ["base", "bonus", "equityPerYear"];

    /// <summary>Every cell of the facts given (one role's): the finest, per level, per country and in total.</summary>
    public static List<PayCell> Compute(IReadOnlyCollection<PayFact> facts, UsdRates rates)
    {
        var measured = facts.Select(fact => (Fact: fact, Measured: Measure(fact, rates))).ToList();
        var cells = new List<PayCell>();
        foreach (var (allLevels, allCountries) in new[] { (false, false), (false, true), (true, false), (true, true) })
        {
            cells.AddRange(measured
                .GroupBy(item => (Level: allLevels ? null : item.Fact.Level, Country: allCountries ? null : item.Fact.Country))
                .Select(group => Combine(group.Key.Level, group.Key.Country, allLevels, allCountries, [.. group])));
        }

        return cells;
    }

    /// <summary>The cells a query reads: the finest matching cells, and the one that is its total.</summary>
    public static (List<PayCell> Cells, PayCell Total) Select(IEnumerable<PayCell> cells, string? level, string? country)
    {
        var matching = cells.Where(cell => (level is null || cell.Level == level) && (country is null || cell.Country == country)).ToList();
        var finest = matching.Where(cell => cell.IsFinest).ToList();
        var total = matching.FirstOrDefault(cell => cell.AllLevels == (level is null) && cell.AllCountries == (country is null)) ?? PayCell.Empty(level, country);
        return (finest, total);
    }

    private static PayCell Combine(string? level, string? country, bool allLevels, bool allCountries, IReadOnlyList<(PayFact Fact, Measured Measured)> items)
    {
        var values = MeasureNames.ToDictionary(name => name, _ => new List<decimal>());
        var points = 0;
        var excluded = 0;
        var tenantRows = 0;
        var contributors = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (fact, measured) in items.Where(item => item.Fact.Kind == FigureKind.Point))
        {
            points++;
            tenantRows += fact.Origin == PayOrigin.Tenant ? 1 : 0;
            if (measured.Values is null)
            {
                excluded++;
                continue;
            }

            contributors[fact.Contributor] = contributors.GetValueOrDefault(fact.Contributor) + 1;

            foreach (var (name, value) in measured.Values)
            {
                values[name].Add(value);
            }
        }

        var bands = items.SelectMany(item => item.Measured.Bands).OrderBy(band => band.FactId).ThenBy(band => band.Component, StringComparer.Ordinal).ToList();
        var reported = items.SelectMany(item => item.Measured.Reported).OrderBy(statistic => statistic.FactId).ThenBy(statistic => statistic.Component, StringComparer.Ordinal).ToList();
        return new PayCell(
            level,
            country,
            allLevels,
            allCountries,
            points - excluded,
            points,
            tenantRows,
            excluded,
            // Every percentile of every n is kept; k decides what is shown when the cell is asked for.
            values.ToDictionary(measure => measure.Key, measure => Percentiles.Set(measure.Value, 1, 1)),
            [.. bands.Take(Listed)],
            bands.Count,
            [.. reported.Take(Listed)],
            reported.Count,
            contributors);
    }

    /// <summary>One fact's contribution: its annualised USD values (null when a component has no rate), or its bands and reported statistics.</summary>
    internal sealed record Measured(IReadOnlyList<(string Name, decimal Value)>? Values, IReadOnlyList<Band> Bands, IReadOnlyList<ReportedStatistic> Reported);

    internal static Measured Measure(PayFact fact, UsdRates rates) => fact.Kind switch
    {
        FigureKind.Point => new Measured(PointValues(fact, rates), [], []),
        FigureKind.Range => new Measured([], [.. Components(fact.Components).Select(component => new Band(
            fact.Id,
            component.Name,
            ContractWords.Write(fact.Period),
            rates.Convert(component.Figure.Min ?? 0m, fact.Currency, fact.On),
            rates.Convert(component.Figure.Max ?? 0m, fact.Currency, fact.On),
            Annualisation.Rule(fact.Period),
            ContractWords.Write(fact.ClaimStatus),
            fact.Publisher))], []),
        FigureKind.Average or FigureKind.Median => new Measured([], [], [.. Components(fact.Components).Select(component => new ReportedStatistic(
            fact.Id,
            ContractWords.Write(fact.Kind),
            component.Name,
            fact.SampleSize,
            rates.Convert(component.Figure.Amount ?? 0m, fact.Currency, fact.On),
            Annualisation.Rule(fact.Period),
            ContractWords.Write(fact.ClaimStatus),
            fact.Publisher))]),
        _ => new Measured([], [], []),
    };

    /// <summary>
    /// A point's values: each recurring component annualised in USD, their sum as total (when base is given), and
    /// one-off pay apart (never annualised, never added to recurring pay). Null when any component has no rate.
    /// </summary>
    private static List<(string Name, decimal Value)>? PointValues(PayFact fact, UsdRates rates)
    {
        var perYear = Annualisation.PeriodsPerYear(fact.Period);
        var row = Components(fact.Components)
            .Select(component => (component.Name, Usd: rates.Convert(component.Figure.Amount ?? 0m, fact.Currency, fact.On).Usd))
            .ToList();
        if (row.Any(component => component.Usd is null))
        {
            return null;
        }

        var values = new List<(string Name, decimal Value)>();
        foreach (var (name, usd) in row)
        {
            values.Add(name == "signOn" || perYear is null ? ("signOn", usd!.Value) : (name, usd!.Value * perYear.Value));
        }

        var recurring = row.Where(component => Recurring.Contains(component.Name)).ToList();
        if (perYear is not null && recurring.Any(component => component.Name == "base"))
        {
            values.Add(("total", recurring.Sum(component => component.Usd!.Value) * perYear.Value));
        }

        return values;
    }

    private static IEnumerable<(string Name, PayFigure Figure)> Components(PayComponents components) =>
        new[] { ("base", components.Base), ("bonus", components.Bonus), ("equityPerYear", components.EquityPerYear), ("signOn", components.SignOn) }
            .Where(component => component.Item2 is not null)
            .Select(component => (component.Item1, component.Item2!));
}
