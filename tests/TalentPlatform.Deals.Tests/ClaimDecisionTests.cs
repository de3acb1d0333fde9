using TalentPlatform.Deals.AttachingTalent;
using TalentPlatform.Deals.ClaimingTerms;
using static TalentPlatform.Deals.Tests.DealSpecification;
using TalentPlatform.Vocabulary;

namespace TalentPlatform.Deals.Tests;

public sealed class ClaimDecisionTests
{
    private static readonly DateOnly June10 = new(2025, 6, 10);
    private static readonly DateOnly June12 = new(2025, 6, 12);
    private static readonly DateOnly June14 = new(2025, 6, 14);

    [Fact]
    public void A_new_claim_is_kept_beside_the_earlier_ones()
    {
        var earlier = ValueClaim(14_000_000_000m, ClaimStatus.Reported, June10);
        var deal = Given(Recorded(DealStatus.Announced, earlier));
        var competing = ValueClaim(14_800_000_000m, ClaimStatus.Reported, June12);

        var events = ClaimTermsDecision.Decide(deal, new ClaimTerms([competing], Now));

        Assert.Equal([new DealTermClaimed(DealId, competing, Now)], events);
        Assert.Equal([earlier, competing], events.Aggregate((Deal?)deal, Deal.Fold)!.Claims.ToArray());
    }

    [Fact]
    public void Claims_are_kept_even_on_a_cancelled_deal()
    {
        var deal = Given(Recorded(DealStatus.Rumoured), new DealCancelled(DealId, June12, "Talks ended", Now.AddDays(-1)));
        var claim = ValueClaim(1m, ClaimStatus.Reported, June14);

        Assert.Single(ClaimTermsDecision.Decide(deal, new ClaimTerms([claim], Now)));
    }

    [Fact]
    public void A_confirmed_figure_is_current_over_newer_reported_ones()
    {
        var confirmed = ValueClaim(14_300_000_000m, ClaimStatus.Confirmed, June10, Attribution.CompanyStatement);
        var deal = Given(Recorded(DealStatus.Announced, confirmed, ValueClaim(14_800_000_000m, ClaimStatus.Reported, June14)));

        Assert.Equal(confirmed, deal.Current(DealTerm.Value));
    }

    [Fact]
    public void A_reported_figure_is_current_over_a_newer_rumour()
    {
        var reported = ValueClaim(14_000_000_000m, ClaimStatus.Reported, June10);
        var deal = Given(Recorded(DealStatus.Announced, reported, ValueClaim(15_000_000_000m, ClaimStatus.Rumoured, June14)));

        Assert.Equal(reported, deal.Current(DealTerm.Value));
    }

    [Theory]
    [InlineData(ClaimStatus.Disputed)]
    [InlineData(ClaimStatus.Retracted)]
    public void Disputed_and_retracted_figures_are_never_current(ClaimStatus status)
    {
        var rumour = ValueClaim(13_000_000_000m, ClaimStatus.Rumoured, June10);
        var deal = Given(Recorded(DealStatus.Announced, rumour, ValueClaim(14_000_000_000m, status, June14)));

        Assert.Equal(rumour, deal.Current(DealTerm.Value));
        Assert.Null(Given(Recorded(DealStatus.Announced, ValueClaim(14_000_000_000m, status, June14))).Current(DealTerm.Value));
    }

    [Fact]
    public void Among_equally_sure_figures_the_newest_publication_is_current()
    {
        var newest = ValueClaim(14_000_000_000m, ClaimStatus.Reported, June14, recordedDaysAgo: 20);
        var deal = Given(Recorded(DealStatus.Announced, ValueClaim(14_800_000_000m, ClaimStatus.Reported, June10, recordedDaysAgo: 5), newest));

        Assert.Equal(newest, deal.Current(DealTerm.Value));
    }

    [Fact]
    public void Among_figures_published_the_same_day_the_latest_recorded_is_current()
    {
        var later = ValueClaim(14_100_000_000m, ClaimStatus.Reported, June12, recordedDaysAgo: 1);
        var deal = Given(Recorded(DealStatus.Announced, ValueClaim(14_000_000_000m, ClaimStatus.Reported, June12, recordedDaysAgo: 9), later));

        Assert.Equal(later, deal.Current(DealTerm.Value));
    }

    [Fact]
    public void Value_and_stake_are_chosen_separately()
    {
        var value = ValueClaim(14_300_000_000m, ClaimStatus.Confirmed, June12);
        var stake = StakeClaim(49m, ClaimStatus.Confirmed, June12);
        var deal = Given(Recorded(DealStatus.Announced, value, stake));

        Assert.Equal(value, deal.Current(DealTerm.Value));
        Assert.Equal(stake, deal.Current(DealTerm.Stake));
    }

    [Fact]
    public void Attaching_a_person_records_them_with_their_role()
    {
        var talent = new AttachedTalent(Guid.NewGuid(), Guid.NewGuid(), null, "Chief AI Officer", Now);

        var events = AttachTalentDecision.Decide(Given(Recorded()), new AttachTalent(talent, Now));

        Assert.Equal([new TalentAttachedToDeal(DealId, talent, Now)], events);
    }

    [Fact]
    public void Attaching_the_same_person_twice_is_a_conflict()
    {
        var personId = Guid.NewGuid();
        var deal = Given(Recorded(), new TalentAttachedToDeal(DealId, new AttachedTalent(Guid.NewGuid(), personId, null, "CEO", Now), Now));

        Assert.Throws<ConflictException>(() => AttachTalentDecision.Decide(deal, new AttachTalent(new AttachedTalent(Guid.NewGuid(), personId, null, "Adviser", Now), Now)));
    }

    [Fact]
    public void Attaching_the_same_name_twice_is_a_conflict_whatever_its_case()
    {
        var deal = Given(Recorded(), new TalentAttachedToDeal(DealId, new AttachedTalent(Guid.NewGuid(), null, "Alexandr Wang", "CEO", Now), Now));

        Assert.Throws<ConflictException>(() => AttachTalentDecision.Decide(deal, new AttachTalent(new AttachedTalent(Guid.NewGuid(), null, "alexandr wang", "CEO", Now), Now)));
    }
}
