using TalentPlatform.Compensation.Contracts;

namespace TalentPlatform.Insights;

/// <summary>A reported band (range), shown as a band and never mixed into percentiles.</summary>
public sealed record Band(Guid FactId, string Component, string Period, UsdFigure Min, UsdFigure Max, string Annualisation, string ClaimStatus, string? Publisher);

/// <summary>An average or median someone else computed, shown as reported and never mixed into percentiles.</summary>
public sealed record ReportedStatistic(Guid FactId, string Kind, string Component, int? SampleSize, UsdFigure Value, string Annualisation, string ClaimStatus, string? Publisher);

/// <summary>
/// What a benchmark may show of one cell of one role: a level in a country (the finest cells), or a level in every
/// country, a country at every level, or the whole role (<see cref="AllLevels"/>, <see cref="AllCountries"/>), as its
/// finest cells last published it (<see cref="PayPrivacy"/>). Percentiles are those published, for every n; which of
/// them may be shown (p10/p90 only from n ≥ 10) is decided when it is asked for.
/// </summary>
/// <param name="SuppressedBy">The rule that keeps the cell unpublished; null when it is published.</param>
/// <param name="Rows">Points pooled into the percentiles at the publication: market points and tenant rows, less those with no USD rate.</param>
/// <param name="Points">Points before that (the tenant rows among them counted in <paramref name="TenantRows"/>).</param>
/// <param name="Measures">The published percentiles of each measure; null for one not published.</param>
/// <param name="MeasuresSuppressedBy">Why each measure that is null is not published.</param>
/// <param name="Bands">The first <see cref="PayCells.Listed"/> bands, by fact and component; <paramref name="BandCount"/> counts them all.</param>
public sealed record PayCell(
    string? Level,
    string? Country,
    bool AllLevels,
    bool AllCountries,
    string? SuppressedBy,
    int Rows,
    int Points,
    int TenantRows,
    int Excluded,
    IReadOnlyDictionary<string, PercentileSet?> Measures,
    IReadOnlyDictionary<string, string> MeasuresSuppressedBy,
    IReadOnlyList<Band> Bands,
    int BandCount,
    IReadOnlyList<ReportedStatistic> ReportedStatistics,
    int ReportedStatisticCount)
{
    public bool IsFinest => !AllLevels && !AllCountries;

    public static PayCell Empty(string? level, string? country) => new(
        level, country, level is null, country is null, PayPrivacy.NoPublishedCell, 0, 0, 0, 0,
        PayCells.MeasureNames.ToDictionary(name => name, _ => (PercentileSet?)null), new Dictionary<string, string>(), [], 0, [], 0);
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

    /// <summary>
    /// The cells a query reads, from the rows of a role (folded per cell in the order recorded at, id, whatever order
    /// they are given in), measured with the rates given: what the pay index holds, for an as-of question that predates a rate.
    /// </summary>
    public static List<PayCell> Compute(Generation generation, IReadOnlyList<PayFact> facts, UsdRates rates, string role, string? level, string? country, DateTimeOffset? knownAt)
    {
        var index = new PayIndex(generation, rates);
        index.Apply([.. facts.Select((fact, i) => (fact, (long)i))], facts.Count);
        return index.Cells(role, level, country, knownAt).Cells;
    }

    /// <summary>The cells a query reads: the finest matching cells, and the one that is its total.</summary>
    public static (List<PayCell> Cells, PayCell Total) Select(IEnumerable<PayCell> cells, string? level, string? country)
    {
        var matching = cells.Where(cell => (level is null || cell.Level == level) && (country is null || cell.Country == country)).ToList();
        var finest = matching.Where(cell => cell.IsFinest).ToList();
        var total = matching.FirstOrDefault(cell => cell.AllLevels == (level is null) && cell.AllCountries == (country is null)) ?? PayCell.Empty(level, country);
        return (finest, total);
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
