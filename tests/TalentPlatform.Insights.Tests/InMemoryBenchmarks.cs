using TalentPlatform.Compensation.Contracts;

namespace TalentPlatform.Insights.Tests;

/// <summary>
/// The benchmark as Insights computed it per request before its read model existed: every fact of the query
/// loaded, grouped and measured in memory. Kept as the oracle the read model must agree with.
/// </summary>
internal static class InMemoryBenchmarks
{
    private static readonly string[] Recurring = ["base", "bonus", "equityPerYear"];
    private static readonly string[] MeasureNames = ["base", "bonus", "equityPerYear", "total", "signOn"];

    public sealed record Cell(
        string? Level,
        string? Country,
        int? N,
        Suppression Suppression,
        IReadOnlyDictionary<string, PercentileSet?> Measures,
        IReadOnlyList<Guid> MarketFacts,
        int? TenantRows,
        int Excluded,
        IReadOnlyList<Band> Bands,
        IReadOnlyList<ReportedStatistic> Reported);

    public sealed record Result(IReadOnlyList<Cell> Cells, Cell Total);

    public static Result Answer(IReadOnlyList<PayFact> all, UsdRates rates, string? level, string? country, int k, int outerFrom)
    {
        var facts = all
            .Where(fact => level is null || fact.Level == level)
            .Where(fact => country is null || fact.Country == country)
            .ToList();
        var groups = facts
            .GroupBy(fact => (fact.Level, fact.Country))
            .OrderBy(group => group.Key.Country, StringComparer.Ordinal)
            .ThenBy(group => group.Key.Level, StringComparer.Ordinal)
            .ToList();
        var cells = groups.Select(group => Measure(group.Key.Level, group.Key.Country, [.. group], rates)).ToList();
        var total = Measure(level, country, facts, rates);

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

        return new Result(
            [.. cells.Select((cell, i) => cell.ToCell(suppressedCells[i], measures[i]))],
            total.ToCell(suppressedTotal ? Suppression.Primary : Suppression.None, totalMeasures));
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
            [.. pooled.Where(fact => fact.Origin == PayOrigin.Market).OrderBy(fact => fact.Id).Select(fact => fact.Id)],
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
        IReadOnlyList<Guid> MarketFacts,
        int TenantRows,
        int Excluded,
        IReadOnlyList<Band> Bands,
        IReadOnlyList<ReportedStatistic> Reported)
    {
        public int Count(string measure) => measure == "rows" ? Rows : Values[measure].Count;

        public Cell ToCell(Suppression suppression, IReadOnlyDictionary<string, PercentileSet?> measures) => suppression == Suppression.None
            ? new Cell(Level, Country, Rows, suppression, measures, MarketFacts, TenantRows, Excluded, Bands, Reported)
            : new Cell(Level, Country, null, suppression, MeasureNames.ToDictionary(name => name, _ => (PercentileSet?)null), MarketFacts, null, 0, Bands, Reported);
    }
}
