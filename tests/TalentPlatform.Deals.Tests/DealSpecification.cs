using TalentPlatform.Vocabulary;
namespace TalentPlatform.Deals.Tests;

/// <summary>Given events, when a decision, then events or a conflict — no database involved.</summary>
internal static class DealSpecification
{
    public static readonly DateTimeOffset Now = new(2025, 7, 20, 9, 30, 0, TimeSpan.Zero);
    public static readonly Guid DealId = Guid.CreateVersion7(Now.AddDays(-40));

    public static Deal Given(params object[] events) =>
        events.Aggregate((Deal?)null, Deal.Fold) ?? throw new InvalidOperationException("No deal was recorded.");

    public static DealRecorded Recorded(DealStatus status = DealStatus.Announced, params TermClaim[] claims) => new(
        DealId,
        DealType.MinorityStake,
        "meta",
        "scale-ai",
        status,
        status == DealStatus.Announced ? new DateOnly(2025, 6, 12) : null,
        [.. claims],
        Now.AddDays(-40));

    public static TermClaim ValueClaim(decimal amount, ClaimStatus status, DateOnly publishedOn, Attribution attribution = Attribution.AnonymousSource, int recordedDaysAgo = 10) => new(
        Guid.NewGuid(),
        DealTerm.Value,
        new Money(amount, "USD"),
        null,
        new Source("Publisher", new Uri("https://example.com/report"), publishedOn, attribution, status),
        Now.AddDays(-recordedDaysAgo));

    public static TermClaim StakeClaim(decimal percent, ClaimStatus status, DateOnly publishedOn) => new(
        Guid.NewGuid(),
        DealTerm.Stake,
        null,
        percent,
        new Source("Publisher", null, publishedOn, Attribution.CompanyStatement, status),
        Now.AddDays(-10));
}
