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

    public static decimal Of(IReadOnlyList<decimal> sorted, decimal p)
    {
        if (sorted.Count == 0)
        {
            throw new ArgumentException("No values.", nameof(sorted));
        }

        var h = (sorted.Count - 1) * p;
        var low = (int)Math.Floor(h);
        return low + 1 >= sorted.Count ? sorted[^1] : sorted[low] + ((h - low) * (sorted[low + 1] - sorted[low]));
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
