namespace TalentPlatform.Insights;

/// <summary>
/// One measure's values in one cell, sorted. Pay in USD is nearly always whole cents, so the values are kept as
/// cents (8 bytes each) until one is not; then every value moves to exact decimals. Either way the order and the
/// values are exact.
/// </summary>
internal sealed class MeasureValues(bool withTicks)
{
    private const decimal CentsPerUnit = 100m;
    private SortedChunks<long>? _cents = new(withTicks);
    private SortedChunks<decimal>? _exact;

    public int Count => _cents?.Count ?? _exact!.Count;

    public decimal this[int rank] => _cents is not null ? _cents[rank] / CentsPerUnit : _exact![rank];

    public void Add(decimal value, long ticks)
    {
        if (_cents is not null)
        {
            if (TryCents(value, out var cents))
            {
                _cents.Add(cents, ticks);
                return;
            }

            _exact = new SortedChunks<decimal>(withTicks);
            foreach (var (kept, keptTicks) in _cents.All())
            {
                _exact.Add(kept / CentsPerUnit, keptTicks);
            }

            _cents = null;
        }

        _exact!.Add(value, ticks);
    }

    /// <summary>Takes one value equal to <paramref name="value"/> out (a cell refolded takes back what it had published).</summary>
    public void Remove(decimal value)
    {
        if (_cents is null)
        {
            _exact!.Remove(value);
        }
        else if (TryCents(value, out var cents))
        {
            _cents.Remove(cents);
        }
        else
        {
            throw new InvalidOperationException("A value that was never kept cannot be taken out.");
        }
    }

    /// <summary>Every value, in order.</summary>
    public IEnumerable<decimal> All() =>
        _cents is not null ? _cents.All().Select(item => item.Key / CentsPerUnit) : _exact!.All().Select(item => item.Key);

    /// <summary>Every percentile of the values, whatever n.</summary>
    public PercentileSet Percentiles() => Insights.Percentiles.Every(Count, rank => this[rank]);

    /// <summary>The values recorded at or before <paramref name="ticks"/>, in order.</summary>
    public IEnumerable<decimal> RecordedBy(long ticks) =>
        _cents is not null ? _cents.RecordedBy(ticks).Select(cents => cents / CentsPerUnit) : _exact!.RecordedBy(ticks);

    private static bool TryCents(decimal value, out long cents)
    {
        var scaled = decimal.Abs(value) < 10_000_000_000_000_000m ? value * CentsPerUnit : 0.5m;
        if (scaled == decimal.Truncate(scaled))
        {
            cents = (long)scaled;
            return true;
        }

        cents = 0;
        return false;
    }
}
