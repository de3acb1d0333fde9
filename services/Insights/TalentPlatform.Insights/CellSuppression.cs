namespace TalentPlatform.Insights;

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
