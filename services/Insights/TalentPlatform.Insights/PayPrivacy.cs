namespace TalentPlatform.Insights;

/// <summary>Whether a cell of a benchmark is shown: suppressed cells show no n, no figures and no counts.</summary>
public enum Suppression
{
    None,

    /// <summary>The cell (or the measure) has not been published: <c>suppressedBy</c> names the rule it waits on.</summary>
    Primary,
}

/// <summary>
/// The rules that decide what of the tenants' and publishers' pay rows is ever published, written once. They are
/// decided per finest cell (a role's level in a country) and per measure, over its rows in the order they were recorded
/// (recorded at, then id; never the order they reach Insights), never per query: a query
/// reads only what its finest cells have published, and every coarser figure (a level in every country, a country at
/// every level, the role) is computed from published finest cells alone, so a total never holds a row that no
/// published cell holds and no difference of answers isolates one.
/// <list type="bullet">
/// <item>A set of rows is publishable when it has at least <see cref="K"/> rows from at least
/// <see cref="Contributors"/> contributors (a tenant, or the publisher of market reports), none of which supplies more
/// than half of them (dominance).</item>
/// <item>A cell is first published when its rows are publishable; after that its published figures change only when
/// the rows since its last publication are themselves publishable (at least k rows from at least three
/// contributors, none above half of them: stronger than the k rows from two contributors asked for), and all of its rows
/// still are.</item>
/// <item>A measure (base, bonus, …) of a published cell is published by the same rules, applied to the rows that give
/// it; until then it is null and says why.</item>
/// </list>
/// </summary>
public static class PayPrivacy
{
    public const int K = 5;

    public const int Contributors = 3;

    public static readonly string TooFewContributors = $"fewer than {Contributors} contributors";

    /// <summary>
    /// One reason for both, on purpose: were they told apart, a tenant adding its own rows one by one to a hidden cell
    /// would see the reason turn from "too few rows" to "dominance" at the row that reached k, and so learn how many
    /// rows the others had.
    /// </summary>
    public static readonly string TooFewRowsOrDominance = $"fewer than {K} rows, or one contributor above half of them (dominance)";

    public const string NoPublishedCell = "no cell of the query is published";

    public const string NotPublishedThen = "not yet published then";

    public static bool Publishable(ContributorCounts rows) => Reason(rows) is null;

    /// <summary>Why a set of rows may not be published, or null when it may.</summary>
    public static string? Reason(ContributorCounts rows) =>
        rows.Contributors < Contributors ? TooFewContributors
        : rows.Rows < K || rows.Largest * 2 > rows.Rows ? TooFewRowsOrDominance
        : null;

    public static string Rules(int outerFrom) =>
        $"a cell (a level in a country) is published once it has at least {K} rows from at least {Contributors} contributors (a tenant, or a market publisher), " +
        $"none above half of its rows; its figures then change only when the rows since are themselves at least {K} from at least {Contributors} contributors, none above half; " +
        "a cell takes its rows in the order they were recorded (then by id); " +
        "each measure is published by the same rules on the rows that give it; levels, countries and totals pool published cells only; " +
        $"asOf reads what was published before the start of its calendar month (UTC); p25–p75 from n ≥ {K}, p10 and p90 from n ≥ {outerFrom}";
}

/// <summary>Rows per contributor of a set of rows, with the largest share kept as rows arrive (counts only grow).</summary>
public sealed class ContributorCounts
{
    private readonly Dictionary<string, int> _rows = new(StringComparer.Ordinal);

    public int Rows { get; private set; }

    public int Contributors => _rows.Count;

    public int Largest { get; private set; }

    public void Add(string contributor)
    {
        var rows = _rows[contributor] = _rows.GetValueOrDefault(contributor) + 1;
        Rows++;
        Largest = Math.Max(Largest, rows);
    }

    public void Clear()
    {
        _rows.Clear();
        Rows = 0;
        Largest = 0;
    }
}
