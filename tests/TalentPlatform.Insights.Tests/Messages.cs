using TalentPlatform.Compensation.Contracts;
using TalentPlatform.Deals.Contracts;
using TalentPlatform.People.Contracts;

namespace TalentPlatform.Insights.Tests;

/// <summary>Contract messages as the other services publish them.</summary>
internal static class Messages
{
    public static readonly DateTimeOffset RecordedAt = new(2025, 7, 25, 8, 0, 0, TimeSpan.Zero);
    public static readonly PaySource Press = new("Press", null, new DateOnly(2025, 7, 20), "anonymous-source", "reported");
    public static readonly MoveSource Cnbc = new("CNBC", null, new DateOnly(2025, 7, 24), "anonymous-source", "reported");

    public static string Unique(string stem) => $"{stem}-{Guid.NewGuid():N}";

    /// <summary>
    /// A market point; by <paramref name="publisher"/> (one of <see cref="Publishers"/> by number, the first by default):
    /// a cell is published only with rows from three contributors, none above half.
    /// </summary>
    public static CompensationObserved Point(string role, string level, string country, decimal annualBase, string currency = "USD", decimal? bonus = null, DateTimeOffset? recordedAt = null, int publisher = 0) => new(
        Guid.NewGuid(), role, level, country, null, null, currency, "annual", "point",
        new PayComponents(new PayFigure(annualBase, null, null), bonus is null ? null : new PayFigure(bonus, null, null), null, null),
        null, new DateOnly(2025, 7, 1), Press with { Publisher = Publishers[publisher % Publishers.Length] }, recordedAt ?? RecordedAt);

    public static readonly string[] Publishers = ["Press", "Levels", "Carta"];

    public static CompensationSubmitted Row(string tenant, string role, string level, string country, decimal monthlyBase) => new(
        Guid.NewGuid(), tenant, role, level, country, null, "USD", "monthly",
        new PayComponents(new PayFigure(monthlyBase, null, null), null, null, null), new DateOnly(2025, 4, 1), RecordedAt);

    public static OrganizationRegistered Organization(string slug, string? parent = null) =>
        new(new OrganizationSnapshot(Guid.NewGuid(), slug, slug, "big-tech", [], parent, 1), RecordedAt);

    public static TalentMoved Group(string from, string to, int count, bool minimum, string on = "2025-07") =>
        new(Guid.NewGuid(), null, null, count, minimum, from, to, null, on, on.Length == 7 ? "month" : "day", null, Cnbc, RecordedAt);

    public static TalentMoved Person(string name, string from, string to, string on = "2025-07-11") =>
        new(Guid.NewGuid(), Guid.NewGuid(), name, 1, false, from, to, "CEO", on, "day", null, Cnbc, RecordedAt);

    public static DealAnnounced Deal(string acquirer, decimal amount, string currency = "USD", Guid? id = null, long version = 1, string type = "acquisition") => new(
        new DealSnapshot(id ?? Guid.NewGuid(), version, type, acquirer, "target", "announced", new DateOnly(2025, 6, 12), null, new DealValue(amount, currency, "reported"), null,
            [new DealClaim(Guid.NewGuid(), "value", amount, currency, null, "reported", "Reuters", null, new DateOnly(2025, 6, 13), "anonymous-source")]),
        new DateOnly(2025, 6, 12),
        RecordedAt);
}
