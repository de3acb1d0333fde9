using TalentPlatform.Deals.Recording;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Deals.Tests;

public sealed class RecordDealDecisionTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 13, 9, 30, 0, TimeSpan.Zero);
    private static readonly Guid DealId = Guid.CreateVersion7(Now);

    private static RecordDeal MetaScale(DealStatus status = DealStatus.Announced, DateOnly? announcedOn = null, Money? value = null) => new(
        DealId,
        DealType.MinorityStake,
        "meta",
        "scale-ai",
        status,
        announcedOn ?? (status == DealStatus.Announced ? new DateOnly(2025, 6, 12) : null),
        value ?? new Money(14_000_000_000m, "USD"),
        Now);

    [Fact]
    public void Recording_an_announced_deal_records_its_parties_date_and_value_as_a_reported_claim()
    {
        var recorded = RecordDealDecision.Decide(current: null, MetaScale());

        Assert.Equal(
            new DealRecorded(
                DealId,
                DealType.MinorityStake,
                "meta",
                "scale-ai",
                DealStatus.Announced,
                new DateOnly(2025, 6, 12),
                new ClaimedValue(14_000_000_000m, "USD", ClaimStatus.Reported),
                Now),
            recorded);
    }

    [Fact]
    public void Recording_a_rumoured_deal_keeps_no_announcement_date()
    {
        var recorded = RecordDealDecision.Decide(null, MetaScale(DealStatus.Rumoured) with { AnnouncedOn = new DateOnly(2025, 6, 1) });

        Assert.Equal(DealStatus.Rumoured, recorded.Status);
        Assert.Null(recorded.AnnouncedOn);
    }

    [Fact]
    public void Recording_a_deal_without_a_value_records_no_claim()
    {
        var recorded = RecordDealDecision.Decide(null, MetaScale() with { Value = null });

        Assert.Null(recorded.Value);
    }

    [Fact]
    public void Recording_a_deal_that_is_already_recorded_is_a_conflict()
    {
        var existing = Deal.Create(RecordDealDecision.Decide(null, MetaScale()));

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
