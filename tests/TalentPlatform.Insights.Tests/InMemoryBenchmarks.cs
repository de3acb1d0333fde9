using TalentPlatform.Compensation.Contracts;

namespace TalentPlatform.Insights.Tests;

/// <summary>
/// The benchmark computed from the facts at once, the plainest way: every finest cell walks its facts in the order (recorded
/// at, id), whatever order they arrived in, and publishes by the privacy rules (at least 5 rows from at least 3 contributors, none above half; then only
/// when the rows since are so too), each measure alike; an answer reads what was published by a moment, and coarser
/// cells pool the published finest cells. Kept as the oracle the pay index must agree with.
/// </summary>
internal static class InMemoryBenchmarks
{
    private static readonly string[] Recurring = ["base", "bonus", "equityPerYear"];
    private static readonly string[] MeasureNames = ["base", "bonus", "equityPerYear", "total", "signOn"];

    public sealed record Cell(
        string? Level,
        string? Country,
        int? N,
        string? SuppressedBy,
        IReadOnlyDictionary<string, PercentileSet?> Measures,
        int? MarketRows,
        int? TenantRows,
        int? Excluded,
        IReadOnlyList<Band> Bands,
        IReadOnlyList<ReportedStatistic> Reported)
    {
        /// <summary>Every band of the cell, when its list holds only the first of each finest cell's (a total's).</summary>
        public int? BandCount { get; init; }

        public int? ReportedCount { get; init; }
    }

    public sealed record Result(IReadOnlyList<Cell> Cells, Cell Total);

    public static Result Answer(IReadOnlyList<PayFact> all, UsdRates rates, string? level, string? country, DateTimeOffset? knownAt, int outerFrom)
    {
        var ticks = knownAt?.UtcTicks;
        var facts = all
            .Where(fact => level is null || fact.Level == level)
            .Where(fact => country is null || fact.Country == country)
            .ToList();
        var walked = facts
            .GroupBy(fact => (fact.Level, fact.Country))
            .Where(group => ticks is null || group.Any(fact => fact.RecordedAt.UtcTicks <= ticks))
            .OrderBy(group => group.Key.Country, StringComparer.Ordinal)
            .ThenBy(group => group.Key.Level, StringComparer.Ordinal)
            .Select(group => Walk(group.Key.Level, group.Key.Country, [.. group.OrderBy(fact => fact.RecordedAt.UtcTicks).ThenBy(fact => fact.Id)], rates))
            .ToList();

        var cells = walked.Select(cell => cell.Show(ticks, outerFrom)).ToList();
        var published = walked.Where(cell => cell.PublicationAt(ticks) is not null).ToList();
        var known = walked.Select(cell => cell.Known(ticks)).ToList();
        var bands = known.SelectMany(list => list.Bands.Take(PayCells.Listed)).OrderBy(band => band.FactId).ThenBy(band => band.Component, StringComparer.Ordinal).ToList();
        var reported = known.SelectMany(list => list.Reported.Take(PayCells.Listed)).OrderBy(item => item.FactId).ThenBy(item => item.Component, StringComparer.Ordinal).ToList();
        Cell total;
        if (level is not null && country is not null)
        {
            total = cells.SingleOrDefault() ?? new Cell(level, country, null, PayPrivacy.NoPublishedCell, MeasureNames.ToDictionary(name => name, _ => (PercentileSet?)null), null, null, null, [], []);
        }
        else if (published.Count == 0)
        {
            total = new Cell(level, country, null, PayPrivacy.NoPublishedCell, MeasureNames.ToDictionary(name => name, _ => (PercentileSet?)null), null, null, null, bands, reported)
            {
                BandCount = known.Sum(list => list.Bands.Count),
                ReportedCount = known.Sum(list => list.Reported.Count),
            };
        }
        else
        {
            var publications = published.Select(cell => cell.PublicationAt(ticks)!.Value).ToList();
            total = new Cell(
                level,
                country,
                publications.Sum(publication => publication.Rows),
                null,
                MeasureNames.ToDictionary(name => name, name =>
                {
                    var values = published.SelectMany(cell => cell.PublishedValues(name, ticks)).Order().ToList();
                    return values.Count == 0 ? null : Percentiles.Set(values, PayPrivacy.K, outerFrom);
                }),
                publications.Sum(publication => publication.Points - publication.Tenant),
                publications.Sum(publication => publication.Tenant),
                publications.Sum(publication => publication.Excluded),
                bands,
                reported)
            {
                BandCount = known.Sum(list => list.Bands.Count),
                ReportedCount = known.Sum(list => list.Reported.Count),
            };
        }

        return new Result(cells, total);
    }

    private static bool Publishable(IReadOnlyList<string> contributors) =>
        contributors.Count >= PayPrivacy.K
        && contributors.Distinct().Count() >= PayPrivacy.Contributors
        && contributors.GroupBy(contributor => contributor).Max(group => group.Count()) * 2 <= contributors.Count;

    private static WalkedCell Walk(string? level, string? country, IReadOnlyList<PayFact> facts, UsdRates rates)
    {
        var cell = new WalkedCell(level, country);
        var latest = long.MinValue;
        int points = 0, tenant = 0, excluded = 0;
        var rowsAll = new List<string>();
        var rowsPending = new List<string>();
        var measuresAll = MeasureNames.ToDictionary(name => name, _ => new List<string>());
        var measuresPending = MeasureNames.ToDictionary(name => name, _ => new List<(string Contributor, decimal Value)>());
        foreach (var fact in facts)
        {
            latest = Math.Max(latest, fact.RecordedAt.UtcTicks);
            cell.Bands.AddRange(Bands(fact, rates).Select(band => (band, fact.RecordedAt.UtcTicks)));
            cell.Reported.AddRange(Reported(fact, rates).Select(item => (item, fact.RecordedAt.UtcTicks)));
            if (fact.Kind != FigureKind.Point)
            {
                continue;
            }

            points++;
            tenant += fact.Origin == PayOrigin.Tenant ? 1 : 0;
            var values = Values(fact, rates);
            if (values is null)
            {
                excluded++;
                continue;
            }

            rowsAll.Add(fact.Contributor);
            rowsPending.Add(fact.Contributor);
            foreach (var (name, value) in values)
            {
                measuresAll[name].Add(fact.Contributor);
                measuresPending[name].Add((fact.Contributor, value));
            }

            if (Publishable(rowsPending) && Publishable(rowsAll))
            {
                cell.Publications.Add((latest, rowsAll.Count, points, tenant, excluded));
                rowsPending.Clear();
            }

            if (cell.Publications.Count == 0)
            {
                continue;
            }

            foreach (var name in MeasureNames)
            {
                if (Publishable([.. measuresPending[name].Select(item => item.Contributor)]) && Publishable(measuresAll[name]))
                {
                    cell.Published[name].AddRange(measuresPending[name].Select(item => (item.Value, latest)));
                    measuresPending[name].Clear();
                }
            }
        }

        cell.Reasons = new Dictionary<string, string?>
        {
            ["rows"] = Reason(rowsAll),
        };
        foreach (var name in MeasureNames)
        {
            cell.Reasons[name] = Reason(measuresAll[name]);
        }

        return cell;
    }

    private static string? Reason(IReadOnlyList<string> contributors) =>
        contributors.Distinct().Count() < PayPrivacy.Contributors ? PayPrivacy.TooFewContributors
        : Publishable(contributors) ? null
        : PayPrivacy.TooFewRowsOrDominance;

    private sealed class WalkedCell(string? level, string? country)
    {
        public List<(long Ticks, int Rows, int Points, int Tenant, int Excluded)> Publications { get; } = [];

        public Dictionary<string, List<(decimal Value, long Ticks)>> Published { get; } = MeasureNames.ToDictionary(name => name, _ => new List<(decimal, long)>());

        public List<(Band Band, long Ticks)> Bands { get; } = [];

        public List<(ReportedStatistic Item, long Ticks)> Reported { get; } = [];

        public Dictionary<string, string?> Reasons { get; set; } = [];

        public (long Ticks, int Rows, int Points, int Tenant, int Excluded)? PublicationAt(long? ticks) =>
            Publications.Where(publication => ticks is null || publication.Ticks <= ticks).Select(publication => ((long, int, int, int, int)?)publication).LastOrDefault();

        public List<decimal> PublishedValues(string name, long? ticks) =>
            [.. Published[name].Where(item => ticks is null || item.Ticks <= ticks).Select(item => item.Value).Order()];

        public (List<Band> Bands, List<ReportedStatistic> Reported) Known(long? ticks) => (
            [.. Bands.Where(item => ticks is null || item.Ticks <= ticks).Select(item => item.Band).OrderBy(band => band.FactId).ThenBy(band => band.Component, StringComparer.Ordinal)],
            [.. Reported.Where(item => ticks is null || item.Ticks <= ticks).Select(item => item.Item).OrderBy(item => item.FactId).ThenBy(item => item.Component, StringComparer.Ordinal)]);

        public Cell Show(long? ticks, int outerFrom)
        {
            var (bands, reported) = Known(ticks);
            if (PublicationAt(ticks) is not { } publication)
            {
                var reason = Publications.Count > 0 ? PayPrivacy.NotPublishedThen : Reasons["rows"] ?? PayPrivacy.TooFewRowsOrDominance;
                return new Cell(level, country, null, reason, MeasureNames.ToDictionary(name => name, _ => (PercentileSet?)null), null, null, null, bands, reported);
            }

            return new Cell(
                level,
                country,
                publication.Rows,
                null,
                MeasureNames.ToDictionary(name => name, name =>
                {
                    var values = PublishedValues(name, ticks);
                    return values.Count == 0 ? null : Percentiles.Set(values, PayPrivacy.K, outerFrom);
                }),
                publication.Points - publication.Tenant,
                publication.Tenant,
                publication.Excluded,
                bands,
                reported);
        }
    }

    /// <summary>A point's measured values, or null when a component has no rate (the rules of annualisation, written out again).</summary>
    private static List<(string Name, decimal Value)>? Values(PayFact fact, UsdRates rates)
    {
        var perYear = Annualisation.PeriodsPerYear(fact.Period);
        var row = Components(fact.Components)
            .Select(component => (component.Name, Usd: rates.Convert(component.Figure.Amount ?? 0m, fact.Currency, fact.On).Usd))
            .ToList();
        if (row.Any(component => component.Usd is null))
        {
            return null;
        }

        var values = row.Select(component => component.Name == "signOn" || perYear is null ? ("signOn", component.Usd!.Value) : (component.Name, component.Usd!.Value * perYear.Value)).ToList();
        var recurring = row.Where(component => Recurring.Contains(component.Name)).ToList();
        if (perYear is not null && recurring.Any(component => component.Name == "base"))
        {
            values.Add(("total", recurring.Sum(component => component.Usd!.Value) * perYear.Value));
        }

        return values;
    }

    private static IEnumerable<Band> Bands(PayFact fact, UsdRates rates) => fact.Kind != FigureKind.Range ? [] : Components(fact.Components).Select(component => new Band(
        fact.Id,
        component.Name,
        ContractWords.Write(fact.Period),
        rates.Convert(component.Figure.Min ?? 0m, fact.Currency, fact.On),
        rates.Convert(component.Figure.Max ?? 0m, fact.Currency, fact.On),
        Annualisation.Rule(fact.Period),
        ContractWords.Write(fact.ClaimStatus),
        fact.Publisher));

    private static IEnumerable<ReportedStatistic> Reported(PayFact fact, UsdRates rates) => fact.Kind is not (FigureKind.Average or FigureKind.Median) ? [] : Components(fact.Components).Select(component => new ReportedStatistic(
        fact.Id,
        ContractWords.Write(fact.Kind),
        component.Name,
        fact.SampleSize,
        rates.Convert(component.Figure.Amount ?? 0m, fact.Currency, fact.On),
        Annualisation.Rule(fact.Period),
        ContractWords.Write(fact.ClaimStatus),
        fact.Publisher));

    private static IEnumerable<(string Name, PayFigure Figure)> Components(PayComponents components) =>
        new[] { ("base", components.Base), ("bonus", components.Bonus), ("equityPerYear", components.EquityPerYear), ("signOn", components.SignOn) }
            .Where(component => component.Item2 is not null)
            .Select(component => (component.Item1, component.Item2!));
}
