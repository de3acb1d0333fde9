using TalentPlatform.Deals.Recording;
using static TalentPlatform.Deals.Tests.DealSpecification;
using TalentPlatform.Vocabulary;

namespace TalentPlatform.Deals.Tests;

public sealed class RecordDealDecisionTests
{
    private static RecordDeal MetaScale(DealStatus status = DealStatus.Announced, params TermClaim[] claims) => new(
        DealId,
        DealType.MinorityStake,
        "meta",
        "scale-ai",
        status,
        status == DealStatus.Announced ? new DateOnly(2025, 6, 12) : null,
        [.. claims],
        Now);

    [Fact]
    public void Recording_an_announced_deal_records_its_parties_date_and_first_claims()
    {
        var claim = ValueClaim(14_000_000_000m, ClaimStatus.Reported, new DateOnly(2025, 6, 10));

        var recorded = Assert.IsType<DealRecorded>(Assert.Single(RecordDealDecision.Decide(current: null, MetaScale(DealStatus.Announced, claim))));

        Assert.Equal(DealId, recorded.DealId);
        Assert.Equal(("meta", "scale-ai"), (recorded.Acquirer, recorded.Target));
        Assert.Equal(DealStatus.Announced, recorded.Status);
        Assert.Equal(new DateOnly(2025, 6, 12), recorded.AnnouncedOn);
        Assert.Equal([claim], recorded.Claims.ToArray());
        Assert.Equal(Now, recorded.RecordedAt);
    }

    [Fact]
    public void Recording_a_rumoured_deal_keeps_no_announcement_date()
    {
        var recorded = Assert.IsType<DealRecorded>(Assert.Single(RecordDealDecision.Decide(null, MetaScale(DealStatus.Rumoured) with { AnnouncedOn = new DateOnly(2025, 6, 1) })));

        Assert.Equal(DealStatus.Rumoured, recorded.Status);
        Assert.Null(recorded.AnnouncedOn);
    }

    [Fact]
    public void A_figure_recorded_without_a_source_is_taken_as_reported()
    {
        var unsourced = new TermClaim(Guid.NewGuid(), DealTerm.Value, new Money(1m, "USD"), null, Source: null, Now);

        Assert.Equal(ClaimStatus.Reported, unsourced.Status);
    }

    [Fact]
    public void Recording_a_deal_that_is_already_recorded_is_a_conflict()
    {
        var existing = Given(Recorded());

        var conflict = Assert.Throws<ConflictException>(() => RecordDealDecision.Decide(existing, MetaScale()));
        Assert.Contains("already recorded", conflict.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DealStatus.Closed)]
    [InlineData(DealStatus.Cancelled)]
    public void Recording_a_deal_as_closed_or_cancelled_is_a_conflict(DealStatus status)
    {
        Assert.Throws<ConflictException>(() => RecordDealDecision.Decide(null, MetaScale(status)));
    }

    [Fact]
    public void Recording_an_announced_deal_without_its_announcement_day_is_a_conflict()
    {
        Assert.Throws<ConflictException>(() => RecordDealDecision.Decide(null, MetaScale() with { AnnouncedOn = null }));
    }
}
