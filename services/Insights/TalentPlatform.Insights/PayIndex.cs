namespace TalentPlatform.Insights;

/// <summary>
/// The benchmark read model of one generation, held by every Insights host and kept current from the generation's
/// <c>pay_rows</c> as they are written (<see cref="PayIndexFollower"/>): for each role, a cell per level and country
/// with every measure's values kept sorted as reports arrive (with when each was recorded), the counts suppression
/// decides on, the contributors of its rows, its bands and reported statistics; and per level, per country and for
/// the role, every measure's values kept sorted too. A benchmark is then a handful of reads by rank (exact type-7
/// percentiles, no sort, whatever the number of reports); as of a moment, the same cells read only the values
/// recorded by then.
/// </summary>
internal sealed class PayIndex(Generation generation, UsdRates rates)
{
    private readonly Dictionary<string, RoleCells> _roles = new(StringComparer.Ordinal);
    private readonly ReaderWriterLockSlim _lock = new();

    public Generation Generation => generation;

    public UsdRates Rates => rates;

    /// <summary>Rows applied: with the generation, what an answer's ETag is made of.</summary>
    public long Applied { get; private set; }

    /// <summary>Where following the table has got to: every row of a transaction below <see cref="Watermark"/> is in.</summary>
    public (long Tx, Guid Id) Last { get; private set; }

    public long Watermark { get; private set; }

    public void Apply(IReadOnlyList<(PayFact Fact, long Tx)> rows, long watermark)
    {
        _lock.EnterWriteLock();
        try
        {
            foreach (var (fact, tx) in rows)
            {
                Apply(fact);
                Last = (tx, fact.Id);
            }

            Applied += rows.Count;
            Watermark = Math.Max(Watermark, watermark);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// The cells a benchmark reads: the finest ones matching the query, and its total (unless the query names a level
    /// and a country, when the one finest cell is the total); as known at <paramref name="knownAt"/> when given.
    /// </summary>
    public (List<PayCell> Cells, long Applied) Cells(string role, string? level, string? country, DateTimeOffset? knownAt)
    {
        _lock.EnterReadLock();
        try
        {
            if (!_roles.TryGetValue(role, out var cells))
            {
                return ([], Applied);
            }

            var ticks = knownAt?.UtcTicks;
            var finest = cells.Finest.Values
                .Where(cell => (level is null || cell.Level == level) && (country is null || cell.Country == country) && (ticks is null || cell.FirstRecorded <= ticks))
                .ToList();
            var shown = finest.Select(cell => cell.Snapshot(ticks)).ToList();
            if (level is null || country is null)
            {
                var total = level is not null ? cells.ByLevel.GetValueOrDefault(level)
                    : country is not null ? cells.ByCountry.GetValueOrDefault(country)
                    : cells.Total;
                if (total is not null)
                {
                    shown.Add(FinestCell.Total(level, country, finest, ticks is null ? total : null, ticks));
                }
            }

            return (shown, Applied);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>The current claim among a cell's annualisable market points with a base: the reference salary of talent versus compute.</summary>
    public ReferenceCandidate? Reference(string role, string level, string country)
    {
        _lock.EnterReadLock();
        try
        {
            return _roles.GetValueOrDefault(role)?.Finest.GetValueOrDefault((level, country))?.Reference;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private void Apply(PayFact fact)
    {
        if (!_roles.TryGetValue(fact.Role, out var cells))
        {
            _roles[fact.Role] = cells = new RoleCells();
        }

        var finest = cells.Finest.TryGetValue((fact.Level, fact.Country), out var found) ? found : cells.Finest[(fact.Level, fact.Country)] = new FinestCell(fact.Level, fact.Country);
        var byLevel = fact.Level is null ? cells.NullLevel : cells.ByLevel.TryGetValue(fact.Level, out var level) ? level : cells.ByLevel[fact.Level] = new MeasureSet();
        var byCountry = fact.Country is null ? cells.NullCountry : cells.ByCountry.TryGetValue(fact.Country, out var country) ? country : cells.ByCountry[fact.Country] = new MeasureSet();
        var measured = PayCells.Measure(fact, rates);
        var ticks = fact.RecordedAt.UtcTicks;
        finest.Add(fact, measured, ticks);
        if (fact.Kind == FigureKind.Point && measured.Values is { } values)
        {
            foreach (var (name, value) in values)
            {
                var measure = Array.IndexOf(PayCells.MeasureNames, name);
                byLevel.Values[measure].Add(value, ticks);
                byCountry.Values[measure].Add(value, ticks);
                cells.Total.Values[measure].Add(value, ticks);
            }
        }
    }

    private sealed class RoleCells
    {
        public Dictionary<(string? Level, string? Country), FinestCell> Finest { get; } = [];

        public Dictionary<string, MeasureSet> ByLevel { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, MeasureSet> ByCountry { get; } = new(StringComparer.Ordinal);

        /// <summary>Facts with no level (or no country) are no level's (country's) total, but are in the role's.</summary>
        public MeasureSet NullLevel { get; } = new();

        public MeasureSet NullCountry { get; } = new();

        public MeasureSet Total { get; } = new();
    }

    /// <summary>Every measure's values of a total cell, kept sorted (its counts and lists are those of its finest cells).</summary>
    private sealed class MeasureSet
    {
        public MeasureValues[] Values { get; } = [.. PayCells.MeasureNames.Select(_ => new MeasureValues(withTicks: false))];
    }

    /// <summary>An item of a cell's lists, with when it was recorded.</summary>
    private readonly record struct Kept<T>(T Item, long Ticks);

    private sealed class FinestCell(string? level, string? country)
    {
        private readonly SortedChunks<long> _points = new(withTicks: false);
        private readonly SortedChunks<long> _tenantPoints = new(withTicks: false);
        private readonly SortedChunks<long> _excluded = new(withTicks: false);
        private readonly MeasureValues[] _values = [.. PayCells.MeasureNames.Select(_ => new MeasureValues(withTicks: true))];
        private readonly List<Kept<Band>> _bands = [];
        private readonly List<Kept<ReportedStatistic>> _reported = [];
        private readonly Dictionary<string, SortedChunks<long>> _contributors = new(StringComparer.Ordinal);

        public string? Level => level;

        public string? Country => country;

        public ReferenceCandidate? Reference { get; private set; }

        /// <summary>When its first fact was recorded: before that, as known then, the cell does not exist.</summary>
        public long FirstRecorded { get; private set; } = long.MaxValue;

        public void Add(PayFact fact, PayCells.Measured measured, long ticks)
        {
            FirstRecorded = Math.Min(FirstRecorded, ticks);
            if (fact.Kind == FigureKind.Point)
            {
                _points.Add(ticks, 0);
                if (fact.Origin == PayOrigin.Tenant)
                {
                    _tenantPoints.Add(ticks, 0);
                }

                if (measured.Values is null)
                {
                    _excluded.Add(ticks, 0);
                }
                else
                {
                    foreach (var (name, value) in measured.Values)
                    {
                        _values[Array.IndexOf(PayCells.MeasureNames, name)].Add(value, ticks);
                    }

                    if (!_contributors.TryGetValue(fact.Contributor, out var rows))
                    {
                        _contributors[fact.Contributor] = rows = new SortedChunks<long>(withTicks: false);
                    }

                    rows.Add(ticks, 0);
                }

                Reference = ReferenceCandidate.Better(Reference, fact);
            }

            foreach (var band in measured.Bands)
            {
                Insert(_bands, new Kept<Band>(band, ticks), item => (item.Item.FactId, item.Item.Component));
            }

            foreach (var statistic in measured.Reported)
            {
                Insert(_reported, new Kept<ReportedStatistic>(statistic, ticks), item => (item.Item.FactId, item.Item.Component));
            }
        }

        /// <summary>This cell as an answer reads it: now, or as known at <paramref name="ticks"/>.</summary>
        public PayCell Snapshot(long? ticks)
        {
            var counts = Counts(ticks);
            var measures = new Dictionary<string, PercentileSet>();
            for (var i = 0; i < PayCells.MeasureNames.Length; i++)
            {
                measures[PayCells.MeasureNames[i]] = ticks is { } at ? Every([.. _values[i].RecordedBy(at)]) : _values[i].Percentiles();
            }

            var bands = Known(_bands, ticks).Select(item => item.Item).ToList();
            var reported = Known(_reported, ticks).Select(item => item.Item).ToList();
            return new PayCell(
                level, country, false, false, counts.Points - counts.Excluded, counts.Points, counts.TenantPoints, counts.Excluded, measures,
                [.. bands.Take(PayCells.Listed)], bands.Count, [.. reported.Take(PayCells.Listed)], reported.Count, Contributors(ticks));
        }

        /// <summary>
        /// The total of the finest cells given: its measures from the total's own sorted values (now), or from the finest
        /// cells' values recorded by then (as of a moment); its counts, lists and contributors added up from theirs.
        /// </summary>
        public static PayCell Total(string? level, string? country, IReadOnlyList<FinestCell> finest, MeasureSet? now, long? ticks)
        {
            var counts = finest.Select(cell => cell.Counts(ticks)).ToList();
            var measures = new Dictionary<string, PercentileSet>();
            for (var i = 0; i < PayCells.MeasureNames.Length; i++)
            {
                var measure = i;
                measures[PayCells.MeasureNames[i]] = now is not null
                    ? now.Values[i].Percentiles()
                    : Every([.. finest.SelectMany(cell => cell._values[measure].RecordedBy(ticks!.Value)).Order()]);
            }

            var bands = finest.SelectMany(cell => Known(cell._bands, ticks).Take(PayCells.Listed)).Select(item => item.Item)
                .OrderBy(band => band.FactId).ThenBy(band => band.Component, StringComparer.Ordinal).ToList();
            var reported = finest.SelectMany(cell => Known(cell._reported, ticks).Take(PayCells.Listed)).Select(item => item.Item)
                .OrderBy(statistic => statistic.FactId).ThenBy(statistic => statistic.Component, StringComparer.Ordinal).ToList();
            var contributors = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (contributor, rows) in finest.SelectMany(cell => cell.Contributors(ticks)))
            {
                contributors[contributor] = contributors.GetValueOrDefault(contributor) + rows;
            }

            var points = counts.Sum(count => count.Points);
            var excluded = counts.Sum(count => count.Excluded);
            return new PayCell(
                level, country, level is null, country is null, points - excluded, points, counts.Sum(count => count.TenantPoints), excluded, measures,
                [.. bands.Take(PayCells.Listed)], finest.Sum(cell => Known(cell._bands, ticks).Count()),
                [.. reported.Take(PayCells.Listed)], finest.Sum(cell => Known(cell._reported, ticks).Count()),
                contributors);
        }

        private (int Points, int TenantPoints, int Excluded) Counts(long? ticks) => ticks is { } at
            ? (_points.CountAtMost(at), _tenantPoints.CountAtMost(at), _excluded.CountAtMost(at))
            : (_points.Count, _tenantPoints.Count, _excluded.Count);

        private Dictionary<string, int> Contributors(long? ticks) => _contributors
            .Select(pair => (pair.Key, Rows: ticks is { } at ? pair.Value.CountAtMost(at) : pair.Value.Count))
            .Where(pair => pair.Rows > 0)
            .ToDictionary(pair => pair.Key, pair => pair.Rows, StringComparer.Ordinal);

        private static PercentileSet Every(List<decimal> sorted) => Percentiles.Every(sorted.Count, rank => sorted[rank]);

        private static IEnumerable<Kept<T>> Known<T>(List<Kept<T>> items, long? ticks) => ticks is { } at ? items.Where(item => item.Ticks <= at) : items;

        private static void Insert<T>(List<T> items, T item, Func<T, (Guid FactId, string Component)> key)
        {
            var (id, component) = key(item);
            var at = items.FindIndex(other =>
            {
                var (otherId, otherComponent) = key(other);
                var byId = otherId.CompareTo(id);
                return byId > 0 || (byId == 0 && string.CompareOrdinal(otherComponent, component) > 0);
            });
            items.Insert(at < 0 ? items.Count : at, item);
        }
    }
}

/// <summary>A market point that could be the reference salary: enough of it to convert and to source it.</summary>
internal sealed record ReferenceCandidate(Guid Id, string Currency, PayPeriod Period, decimal Base, DateOnly On, ClaimStatus? ClaimStatus, string? Publisher, DateTimeOffset RecordedAt)
{
    /// <summary>
    /// The current claim of the two (CurrentClaim's order: the better status, then the later date, then the later
    /// record; among equals the smaller id, as the facts in id order once gave).
    /// </summary>
    public static ReferenceCandidate? Better(ReferenceCandidate? best, PayFact fact)
    {
        if (fact.Origin != PayOrigin.Market || fact.Kind != FigureKind.Point || fact.Components.Base?.Amount is not { } amount
            || fact.Period is not { } period || Annualisation.PeriodsPerYear(period) is null || Rank(fact.ClaimStatus) == 0)
        {
            return best;
        }

        var candidate = new ReferenceCandidate(fact.Id, fact.Currency, period, amount, fact.On, fact.ClaimStatus, fact.Publisher, fact.RecordedAt);
        return best is null || Key(candidate).CompareTo(Key(best)) > 0 ? candidate : best;
    }

    private static (int, DateOnly, DateTimeOffset, Guid) Key(ReferenceCandidate candidate) =>
        (Rank(candidate.ClaimStatus), candidate.On, candidate.RecordedAt, Inverse(candidate.Id));

    /// <summary>CurrentClaim's ranks; a report that names no status counts as reported, as the reference pay always read it.</summary>
    private static int Rank(ClaimStatus? status) => (status ?? TalentPlatform.Vocabulary.Claims.ClaimStatus.Reported) switch
    {
        TalentPlatform.Vocabulary.Claims.ClaimStatus.Confirmed => 3,
        TalentPlatform.Vocabulary.Claims.ClaimStatus.Reported => 2,
        TalentPlatform.Vocabulary.Claims.ClaimStatus.Rumoured => 1,
        _ => 0,
    };

    /// <summary>Orders ids backwards, so the larger key is the smaller id.</summary>
    private static Guid Inverse(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)~bytes[i];
        }

        return new Guid(bytes, bigEndian: true);
    }
}
