namespace TalentPlatform.Insights;

/// <summary>
/// The benchmark read model of one generation, held by every Insights host and kept current from the generation's
/// <c>pay_rows</c> as they are written (<see cref="PayIndexFollower"/>): for each role, a cell per level and country
/// whose publications (<see cref="PayPrivacy"/>) are a fold of its points in the order (recorded at, id), whatever
/// order they arrive in, so a rebuild publishes exactly what the live index did: the rows per contributor in all and
/// since its last publication, each publication's counts, and every measure's published values kept sorted with the
/// moment each was published; and per level, per country and for the role, the published values of their finest cells
/// kept sorted too. A benchmark is then a handful of reads by rank (exact type-7 percentiles, no sort, whatever the
/// number of reports); as of a moment, the same cells read only what was published by then.
/// </summary>
internal sealed class PayIndex(Generation generation, UsdRates rates)
{
    private readonly Dictionary<string, RoleCells> _roles = new(StringComparer.Ordinal);
    private readonly ReaderWriterLockSlim _lock = new();

    /// <summary>One string per contributor, however many rows name it: every point of a cell is kept for refolds.</summary>
    private readonly Dictionary<string, string> _contributors = new(StringComparer.Ordinal);

    public Generation Generation => generation;

    public UsdRates Rates => rates;

    /// <summary>Rows applied (for the log; no answer's ETag counts them, as tenant rows are among them).</summary>
    public long Applied { get; private set; }

    /// <summary>Market points applied: what the reference salaries depend on, and all an ETag of them may count.</summary>
    public long MarketPoints { get; private set; }

    /// <summary>Where following the table has got to: every row of a transaction below <see cref="Watermark"/> is in.</summary>
    public (long Tx, Guid Id) Last { get; private set; }

    public long Watermark { get; private set; }

    public void Apply(IReadOnlyList<(PayFact Fact, long Tx)> rows, long watermark)
    {
        _lock.EnterWriteLock();
        try
        {
            var unordered = new HashSet<(RoleCells Role, FinestCell Cell)>();
            foreach (var (fact, tx) in rows)
            {
                if (Apply(fact) is { } late)
                {
                    unordered.Add(late);
                }

                Last = (tx, fact.Id);
            }

            foreach (var (role, cell) in unordered)
            {
                var (byLevel, byCountry) = role.Coarser(cell.Level, cell.Country);
                cell.Refold(
                    (measure, value) =>
                    {
                        byLevel.Values[measure].Remove(value);
                        byCountry.Values[measure].Remove(value);
                        role.Total.Values[measure].Remove(value);
                    },
                    Publisher(role, byLevel, byCountry));
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

    /// <summary>Takes one fact in; returns its cell when its row came after a row recorded later (the cell is then refolded).</summary>
    private (RoleCells, FinestCell)? Apply(PayFact fact)
    {
        if (!_roles.TryGetValue(fact.Role, out var cells))
        {
            _roles[fact.Role] = cells = new RoleCells();
        }

        var finest = cells.Finest.TryGetValue((fact.Level, fact.Country), out var found) ? found : cells.Finest[(fact.Level, fact.Country)] = new FinestCell(fact.Level, fact.Country);
        var (byLevel, byCountry) = cells.Coarser(fact.Level, fact.Country);
        MarketPoints += fact.Origin == PayOrigin.Market && fact.Kind == FigureKind.Point ? 1 : 0;
        var contributor = _contributors.TryGetValue(fact.Contributor, out var known) ? known : _contributors[fact.Contributor] = fact.Contributor;
        return finest.Add(fact, contributor, PayCells.Measure(fact, rates), Publisher(cells, byLevel, byCountry)) ? null : (cells, finest);
    }

    /// <summary>Coarser cells take a finest cell's values only as it publishes them: no total holds a row no published cell holds.</summary>
    private static Action<int, IReadOnlyList<decimal>> Publisher(RoleCells cells, MeasureSet byLevel, MeasureSet byCountry) => (measure, values) =>
    {
        foreach (var value in values)
        {
            byLevel.Values[measure].Add(value, 0);
            byCountry.Values[measure].Add(value, 0);
            cells.Total.Values[measure].Add(value, 0);
        }
    };

    private sealed class RoleCells
    {
        public Dictionary<(string? Level, string? Country), FinestCell> Finest { get; } = [];

        public Dictionary<string, MeasureSet> ByLevel { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, MeasureSet> ByCountry { get; } = new(StringComparer.Ordinal);

        /// <summary>Facts with no level (or no country) are no level's (country's) total, but are in the role's.</summary>
        public MeasureSet NullLevel { get; } = new();

        public MeasureSet NullCountry { get; } = new();

        public MeasureSet Total { get; } = new();

        /// <summary>The level's and the country's totals a finest cell publishes into.</summary>
        public (MeasureSet ByLevel, MeasureSet ByCountry) Coarser(string? level, string? country) => (
            level is null ? NullLevel : ByLevel.TryGetValue(level, out var byLevel) ? byLevel : ByLevel[level] = new MeasureSet(),
            country is null ? NullCountry : ByCountry.TryGetValue(country, out var byCountry) ? byCountry : ByCountry[country] = new MeasureSet());
    }

    /// <summary>Every measure's published values of a total cell, kept sorted (its counts are those its finest cells published).</summary>
    private sealed class MeasureSet
    {
        public MeasureValues[] Values { get; } = [.. PayCells.MeasureNames.Select(_ => new MeasureValues(withTicks: false))];
    }

    /// <summary>An item of a cell's lists, with when it was recorded.</summary>
    private readonly record struct Kept<T>(T Item, long Ticks);

    /// <summary>What a cell published at a moment: its counts then (its measures keep their own values with their moment).</summary>
    private readonly record struct Publication(long Ticks, int Rows, int Points, int TenantPoints, int Excluded);

    /// <summary>
    /// The rows of a cell, or those of one of its measures, as the privacy rules see them: who supplied how many in all,
    /// and since the last publication; the values published (each with the moment it was) and those waiting.
    /// </summary>
    private sealed class Unit(bool withValues)
    {
        public ContributorCounts All { get; } = new();

        public ContributorCounts Pending { get; } = new();

        public List<decimal> PendingValues { get; } = [];

        public MeasureValues? Published { get; } = withValues ? new MeasureValues(withTicks: true) : null;

        public long FirstPublished { get; private set; } = long.MaxValue;

        /// <summary>Publishable now: the rows since the last publication are, and so are all of them.</summary>
        public bool Due => PayPrivacy.Publishable(Pending) && PayPrivacy.Publishable(All);

        public void Add(string contributor, decimal? value)
        {
            All.Add(contributor);
            Pending.Add(contributor);
            if (value is { } kept)
            {
                PendingValues.Add(kept);
            }
        }

        public void Publish(long ticks)
        {
            foreach (var value in PendingValues)
            {
                Published!.Add(value, ticks);
            }

            FirstPublished = Math.Min(FirstPublished, ticks);
            Pending.Clear();
            PendingValues.Clear();
        }

        /// <summary>Why nothing of it is shown at <paramref name="ticks"/> (now when null); null when something is.</summary>
        public string? Hidden(long? ticks) =>
            FirstPublished == long.MaxValue ? PayPrivacy.Reason(All) ?? PayPrivacy.TooFewRowsOrDominance
            : ticks is { } at && FirstPublished > at ? PayPrivacy.NotPublishedThen
            : null;
    }

    /// <summary>A point of a cell as its fold takes it: its place in the fold's order, who supplied it, its measured values (null: no USD rate).</summary>
    private readonly record struct Point(long Ticks, Guid Id, string Contributor, bool Tenant, (int Measure, decimal Value)[]? Values)
    {
        public int CompareTo(Point other) => Ticks != other.Ticks ? Ticks.CompareTo(other.Ticks) : Id.CompareTo(other.Id);
    }

    /// <summary>
    /// A finest cell. Its publications are a fold of its points in the order (recorded at, id), whatever order they
    /// reach this host in: a point that comes after one recorded later refolds the cell from its kept points, so a
    /// rebuilt index publishes exactly what the live one does.
    /// </summary>
    private sealed class FinestCell(string? level, string? country)
    {
        private readonly List<Point> _points = [];
        private readonly List<Kept<Band>> _bands = [];
        private readonly List<Kept<ReportedStatistic>> _reported = [];
        private Unit _rows = new(withValues: false);
        private Unit[] _measures = NewMeasures();
        private List<Publication> _publications = [];
        private int _folded;
        private int _pointCount;
        private int _tenantPoints;
        private int _excluded;

        public string? Level => level;

        public string? Country => country;

        public ReferenceCandidate? Reference { get; private set; }

        /// <summary>When its first fact was recorded: before that, as known then, the cell does not exist.</summary>
        public long FirstRecorded { get; private set; } = long.MaxValue;

        /// <summary>Takes a fact in; false when it is a point recorded before one already folded (the cell needs <see cref="Refold"/>).</summary>
        public bool Add(PayFact fact, string contributor, PayCells.Measured measured, Action<int, IReadOnlyList<decimal>> published)
        {
            var ticks = fact.RecordedAt.UtcTicks;
            FirstRecorded = Math.Min(FirstRecorded, ticks);
            var inOrder = true;
            if (fact.Kind == FigureKind.Point)
            {
                var point = new Point(
                    ticks, fact.Id, contributor, fact.Origin == PayOrigin.Tenant,
                    measured.Values?.Select(value => (Array.IndexOf(PayCells.MeasureNames, value.Name), value.Value)).ToArray());
                if (_points.Count == 0 || _points[^1].CompareTo(point) < 0)
                {
                    _points.Add(point);
                    if (_folded == _points.Count - 1)
                    {
                        Fold(point, published);
                        _folded++;
                    }
                    else
                    {
                        inOrder = false;
                    }
                }
                else
                {
                    var at = _points.BinarySearch(point, Comparer<Point>.Create((a, b) => a.CompareTo(b)));
                    if (at >= 0)
                    {
                        // Already taken: a row is kept once by its id.
                        return true;
                    }

                    _points.Insert(~at, point);
                    inOrder = false;
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

            return inOrder;
        }

        /// <summary>Folds every kept point again in order: what it had published is taken back from the totals, and what it publishes now put in.</summary>
        public void Refold(Action<int, decimal> unpublished, Action<int, IReadOnlyList<decimal>> published)
        {
            for (var i = 0; i < _measures.Length; i++)
            {
                foreach (var value in _measures[i].Published!.All())
                {
                    unpublished(i, value);
                }
            }

            _rows = new Unit(withValues: false);
            _measures = NewMeasures();
            _publications = [];
            _pointCount = _tenantPoints = _excluded = 0;
            foreach (var point in _points)
            {
                Fold(point, published);
            }

            _folded = _points.Count;
        }

        private static Unit[] NewMeasures() => [.. PayCells.MeasureNames.Select(_ => new Unit(withValues: true))];

        /// <summary>The next point in order: counted, and the cell and its measures published when the rules allow, dated by the point.</summary>
        private void Fold(Point point, Action<int, IReadOnlyList<decimal>> published)
        {
            _pointCount++;
            _tenantPoints += point.Tenant ? 1 : 0;
            if (point.Values is null)
            {
                _excluded++;
                return;
            }

            _rows.Add(point.Contributor, null);
            foreach (var (measure, value) in point.Values)
            {
                _measures[measure].Add(point.Contributor, value);
            }

            if (_rows.Due)
            {
                _rows.Publish(point.Ticks);
                _publications.Add(new Publication(point.Ticks, _rows.All.Rows, _pointCount, _tenantPoints, _excluded));
            }

            if (_publications.Count == 0)
            {
                return;
            }

            for (var i = 0; i < _measures.Length; i++)
            {
                if (_measures[i].Due)
                {
                    published(i, [.. _measures[i].PendingValues]);
                    _measures[i].Publish(point.Ticks);
                }
            }
        }

        /// <summary>The publication in force at <paramref name="ticks"/> (the last one when null), if any.</summary>
        private Publication? PublishedAt(long? ticks)
        {
            if (ticks is not { } at)
            {
                return _publications.Count == 0 ? null : _publications[^1];
            }

            for (var i = _publications.Count - 1; i >= 0; i--)
            {
                if (_publications[i].Ticks <= at)
                {
                    return _publications[i];
                }
            }

            return null;
        }

        /// <summary>This cell as an answer reads it: what it had published by now, or by <paramref name="ticks"/>.</summary>
        public PayCell Snapshot(long? ticks)
        {
            var bands = Known(_bands, ticks).Select(item => item.Item).ToList();
            var reported = Known(_reported, ticks).Select(item => item.Item).ToList();
            var measures = new Dictionary<string, PercentileSet?>();
            var hidden = new Dictionary<string, string>();
            if (PublishedAt(ticks) is not { } publication)
            {
                return new PayCell(
                    level, country, false, false, _rows.Hidden(ticks) ?? PayPrivacy.NotPublishedThen, 0, 0, 0, 0,
                    PayCells.MeasureNames.ToDictionary(name => name, _ => (PercentileSet?)null), new Dictionary<string, string>(),
                    [.. bands.Take(PayCells.Listed)], bands.Count, [.. reported.Take(PayCells.Listed)], reported.Count);
            }

            for (var i = 0; i < PayCells.MeasureNames.Length; i++)
            {
                var name = PayCells.MeasureNames[i];
                if (_measures[i].Hidden(ticks) is { } reason)
                {
                    measures[name] = null;
                    hidden[name] = reason;
                }
                else
                {
                    var values = _measures[i].Published!;
                    measures[name] = ticks is { } at ? Every([.. values.RecordedBy(at)]) : values.Percentiles();
                }
            }

            return new PayCell(
                level, country, false, false, null, publication.Rows, publication.Points, publication.TenantPoints, publication.Excluded, measures, hidden,
                [.. bands.Take(PayCells.Listed)], bands.Count, [.. reported.Take(PayCells.Listed)], reported.Count);
        }

        /// <summary>
        /// The total of the finest cells given, from what they have published only: its measures from the total's own
        /// sorted values (now), or from the finest cells' values published by then (as of a moment); its counts added up.
        /// </summary>
        public static PayCell Total(string? level, string? country, IReadOnlyList<FinestCell> finest, MeasureSet? now, long? ticks)
        {
            var publications = finest.Select(cell => cell.PublishedAt(ticks)).OfType<Publication>().ToList();
            var measures = new Dictionary<string, PercentileSet?>();
            var hidden = new Dictionary<string, string>();
            for (var i = 0; i < PayCells.MeasureNames.Length; i++)
            {
                var measure = i;
                var set = now is not null
                    ? now.Values[i].Percentiles()
                    : Every([.. finest.SelectMany(cell => cell._measures[measure].Published!.RecordedBy(ticks!.Value)).Order()]);
                measures[PayCells.MeasureNames[i]] = set.N == 0 ? null : set;
                if (set.N == 0)
                {
                    hidden[PayCells.MeasureNames[i]] = PayPrivacy.NoPublishedCell;
                }
            }

            var bands = finest.SelectMany(cell => Known(cell._bands, ticks).Take(PayCells.Listed)).Select(item => item.Item)
                .OrderBy(band => band.FactId).ThenBy(band => band.Component, StringComparer.Ordinal).ToList();
            var reported = finest.SelectMany(cell => Known(cell._reported, ticks).Take(PayCells.Listed)).Select(item => item.Item)
                .OrderBy(statistic => statistic.FactId).ThenBy(statistic => statistic.Component, StringComparer.Ordinal).ToList();
            return new PayCell(
                level, country, level is null, country is null, publications.Count == 0 ? PayPrivacy.NoPublishedCell : null,
                publications.Sum(publication => publication.Rows), publications.Sum(publication => publication.Points),
                publications.Sum(publication => publication.TenantPoints), publications.Sum(publication => publication.Excluded),
                publications.Count == 0 ? PayCells.MeasureNames.ToDictionary(name => name, _ => (PercentileSet?)null) : measures,
                publications.Count == 0 ? new Dictionary<string, string>() : hidden,
                [.. bands.Take(PayCells.Listed)], finest.Sum(cell => Known(cell._bands, ticks).Count()),
                [.. reported.Take(PayCells.Listed)], finest.Sum(cell => Known(cell._reported, ticks).Count()));
        }

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
