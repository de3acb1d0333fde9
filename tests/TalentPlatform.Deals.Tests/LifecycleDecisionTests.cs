using TalentPlatform.Deals.Announcing;
using TalentPlatform.Deals.Cancelling;
using TalentPlatform.Deals.Closing;
using static TalentPlatform.Deals.Tests.DealSpecification;
using TalentPlatform.Vocabulary;

namespace TalentPlatform.Deals.Tests;

public sealed class LifecycleDecisionTests
{
    private static readonly DateOnly July1 = new(2025, 7, 1);

    private static object Announced => new DealAnnounced(DealId, new DateOnly(2025, 6, 12), Now.AddDays(-30));

    private static object Closed => new DealClosed(DealId, July1, Now.AddDays(-20));

    private static object Cancelled => new DealCancelled(DealId, July1, "Regulators objected", Now.AddDays(-20));

    [Fact]
    public void Announcing_a_rumoured_deal_announces_it()
    {
        var deal = Given(Recorded(DealStatus.Rumoured));

        var events = AnnounceDealDecision.Decide(deal, new AnnounceDeal(new DateOnly(2025, 6, 12), Now));

        Assert.Equal([new DealAnnounced(DealId, new DateOnly(2025, 6, 12), Now)], events);
        Assert.Equal(DealStatus.Announced, events.Aggregate((Deal?)deal, Deal.Fold)!.Status);
    }

    [Fact]
    public void Announcing_an_announced_deal_is_a_conflict() =>
        AssertConflict(() => AnnounceDealDecision.Decide(Given(Recorded()), new AnnounceDeal(July1, Now)), "already announced");

    [Fact]
    public void Announcing_a_closed_deal_is_a_conflict() =>
        AssertConflict(() => AnnounceDealDecision.Decide(Given(Recorded(), Closed), new AnnounceDeal(July1, Now)), "closed");

    [Fact]
    public void Announcing_a_cancelled_deal_is_a_conflict() =>
        AssertConflict(() => AnnounceDealDecision.Decide(Given(Recorded(DealStatus.Rumoured), Cancelled), new AnnounceDeal(July1, Now)), "cancelled");

    [Fact]
    public void Closing_an_announced_deal_closes_it()
    {
        var events = CloseDealDecision.Decide(Given(Recorded()), new CloseDeal(July1, Now));

        Assert.Equal([new DealClosed(DealId, July1, Now)], events);
    }

    [Fact]
    public void Closing_a_rumour_once_it_was_announced_closes_it()
    {
        var events = CloseDealDecision.Decide(Given(Recorded(DealStatus.Rumoured), Announced), new CloseDeal(July1, Now));

        Assert.Equal([new DealClosed(DealId, July1, Now)], events);
    }

    [Fact]
    public void Closing_a_rumoured_deal_is_a_conflict() =>
        AssertConflict(() => CloseDealDecision.Decide(Given(Recorded(DealStatus.Rumoured)), new CloseDeal(July1, Now)), "announce it");

    [Fact]
    public void Closing_a_closed_deal_is_a_conflict() =>
        AssertConflict(() => CloseDealDecision.Decide(Given(Recorded(), Closed), new CloseDeal(July1, Now)), "already closed");

    [Fact]
    public void Closing_a_cancelled_deal_is_a_conflict() =>
        AssertConflict(() => CloseDealDecision.Decide(Given(Recorded(), Cancelled), new CloseDeal(July1, Now)), "cancelled");

    [Fact]
    public void Closing_before_the_announcement_is_a_conflict() =>
        AssertConflict(() => CloseDealDecision.Decide(Given(Recorded()), new CloseDeal(new DateOnly(2025, 6, 1), Now)), "before it was announced");

    [Theory]
    [InlineData(DealStatus.Rumoured)]
    [InlineData(DealStatus.Announced)]
    public void Cancelling_a_rumoured_or_announced_deal_cancels_it_with_its_reason(DealStatus status)
    {
        var events = CancelDealDecision.Decide(Given(Recorded(status)), new CancelDeal(July1, "Regulators objected", Now));

        Assert.Equal([new DealCancelled(DealId, July1, "Regulators objected", Now)], events);
    }

    [Fact]
    public void Cancelling_a_closed_deal_is_a_conflict() =>
        AssertConflict(() => CancelDealDecision.Decide(Given(Recorded(), Closed), new CancelDeal(July1, "Too late", Now)), "closed");

    [Fact]
    public void Cancelling_a_cancelled_deal_is_a_conflict() =>
        AssertConflict(() => CancelDealDecision.Decide(Given(Recorded(), Cancelled), new CancelDeal(July1, "Again", Now)), "already cancelled");

    [Fact]
    public void Cancelling_before_the_announcement_is_a_conflict() =>
        AssertConflict(() => CancelDealDecision.Decide(Given(Recorded()), new CancelDeal(new DateOnly(2025, 6, 1), "Early", Now)), "before it was announced");

    private static void AssertConflict(Func<IReadOnlyList<object>> decide, string reason)
    {
        var conflict = Assert.Throws<ConflictException>(() => decide());
        Assert.Contains(reason, conflict.Message, StringComparison.Ordinal);
    }
}
