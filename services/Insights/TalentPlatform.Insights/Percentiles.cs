namespace TalentPlatform.Insights;

/// <summary>The percentiles of one measure in one cell; those its n cannot support stay null.</summary>
public sealed record PercentileSet(int N, decimal? P10, decimal? P25, decimal? P50, decimal? P75, decimal? P90);

/// <summary>
/// Percentiles by linear interpolation between closest ranks — Hyndman and Fan's type 7, the default of R
/// and NumPy and Excel's PERCENTILE.INC: for sorted values x₀…xₙ₋₁, h = (n − 1)·p, and the percentile is
/// x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋).
/// </summary>
public static class Percentiles
{
    public const string Method = "linear interpolation between closest ranks (Hyndman-Fan type 7, as Excel PERCENTILE.INC)";

    public static decimal Of(IReadOnlyList<decimal> sorted, decimal p) => Of(sorted.Count, rank => sorted[rank], p);

    /// <summary>The percentile of <paramref name="count"/> values given by rank (0 the smallest), reading two of them at most.</summary>
    public static decimal Of(int count, Func<int, decimal> at, decimal p)
    {
        if (count == 0)
        {
            throw new ArgumentException("No values.", nameof(count));
        }

        var h = (count - 1) * p;
        var low = (int)Math.Floor(h);
        return low + 1 >= count ? at(count - 1) : at(low) + ((h - low) * (at(low + 1) - at(low)));
    }

    /// <summary>Every percentile, whatever n (the same as <see cref="Set"/> with k = 1), from values given by rank.</summary>
    public static PercentileSet Every(int count, Func<int, decimal> at)
    {
        decimal? At(decimal p) => count >= 1 ? decimal.Round(Of(count, at, p), 2) : null;
        return new PercentileSet(count, At(0.10m), At(0.25m), At(0.50m), At(0.75m), At(0.90m));
    }

    /// <summary>
    /// The middle three need at least <paramref name="k"/> values, the outer two at least
    /// <paramref name="outerFrom"/>: with few values, p10 and p90 are only the extremes, which name people.
    /// </summary>
    public static PercentileSet Set(IEnumerable<decimal> values, int k, int outerFrom)
    {
        var sorted = values.Order().ToList();
        var n = sorted.Count;
        decimal? At(decimal p, int needed) => n >= needed ? decimal.Round(Of(sorted, p), 2) : null;
        return new PercentileSet(n, At(0.10m, outerFrom), At(0.25m, k), At(0.50m, k), At(0.75m, k), At(0.90m, outerFrom));
    }

    /// <summary>What of a set computed for every n may be shown: the same as <see cref="Set"/> would give with k and outerFrom.</summary>
    public static PercentileSet Shown(PercentileSet set, int k, int outerFrom)
    {
        decimal? At(decimal? value, int needed) => set.N >= needed ? value : null;
        return new PercentileSet(set.N, At(set.P10, outerFrom), At(set.P25, k), At(set.P50, k), At(set.P75, k), At(set.P90, outerFrom));
    }
}
