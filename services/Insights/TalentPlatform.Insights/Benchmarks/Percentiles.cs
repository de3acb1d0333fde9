namespace TalentPlatform.Insights.Benchmarks;

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
}

public enum Suppression
{
    None,

    /// <summary>Fewer than k values.</summary>
    Primary,

    /// <summary>Enough values, but hidden so that a primary one cannot be worked out from the total.</summary>
    Complementary,
}

/// <summary>
/// Small-cell suppression with a published total: a cell under k is suppressed (primary); when that would
/// leave a single suppressed cell beside the total — whose count then follows by subtraction — the next
/// smallest cell is suppressed too (complementary); a total under k suppresses everything.
/// </summary>
public static class CellSuppression
{
    public static (Suppression[] Cells, bool Total) Decide(IReadOnlyList<int> cellCounts, int totalCount, int k)
    {
        if (totalCount < k)
        {
            return ([.. cellCounts.Select(_ => Suppression.Primary)], true);
        }

        var cells = cellCounts.Select(n => n < k ? Suppression.Primary : Suppression.None).ToArray();
        var hidden = cells.Count(cell => cell != Suppression.None);
        if (hidden == 1)
        {
            var partner = Enumerable.Range(0, cells.Length)
                .Where(i => cells[i] == Suppression.None)
                .OrderBy(i => cellCounts[i])
                .ThenBy(i => i)
                .Select(i => (int?)i)
                .FirstOrDefault();
            if (partner is { } index)
            {
                cells[index] = Suppression.Complementary;
            }
        }

        return (cells, false);
    }
}
