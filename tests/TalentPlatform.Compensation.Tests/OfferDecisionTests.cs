using TalentPlatform.Compensation.Extending;
using TalentPlatform.Compensation.RecordingOutcome;
using TalentPlatform.Vocabulary;
using static TalentPlatform.Compensation.Tests.CompensationSpecification;

namespace TalentPlatform.Compensation.Tests;

public sealed class OfferDecisionTests
{
    private static readonly DateOnly August2 = new(2025, 8, 2);
    private static readonly DateOnly August5 = new(2025, 8, 5);
    private static readonly DateOnly August6 = new(2025, 8, 6);

    private static ExtendOffer ExtendToDeitke(Guid offerId) => new(
        offerId,
        new ExtendOfferRequest(
            "meta",
            new Candidate(Name: "Matt Deitke"),
            new Package(Total: 250_000_000m),
            "USD",
            new DateOnly(2025, 7, 28),
            new SourceRequest("  The New York Times ", new DateOnly(2025, 8, 1), Attribution.AnonymousSource, ClaimStatus.Reported)),
        Now);

    private static RecordOutcome Outcome(OfferOutcome outcome, SourceRequest source) => new(Guid.CreateVersion7(Now), new RecordOutcomeRequest(outcome, source), Now);

    [Fact]
    public void Extending_an_offer_records_it_with_its_source()
    {
        var offerId = Guid.CreateVersion7(Now);

        var events = ExtendOfferDecision.Decide(null, ExtendToDeitke(offerId));

        var source = new Source("The New York Times", null, new DateOnly(2025, 8, 1), Attribution.AnonymousSource, ClaimStatus.Reported);
        Assert.Equal([new OfferExtended(offerId, "meta", new Candidate(Name: "Matt Deitke"), new Package(Total: 250_000_000m), "USD", new DateOnly(2025, 7, 28), source, Now)], events);
        var offer = GivenOffer([.. events]);
        Assert.Equal((offerId, 0), (offer.Id, offer.Outcomes.Length));
        Assert.Null(offer.CurrentOutcome);
    }

    [Fact]
    public void Extending_an_offer_that_is_already_recorded_is_a_conflict() =>
        AssertConflict(() => ExtendOfferDecision.Decide(GivenOffer(Extended()), ExtendToDeitke(OfferId)), "already recorded");

    [Fact]
    public void Recording_an_outcome_keeps_it_as_a_claim_with_its_source()
    {
        var offer = GivenOffer(Extended());
        var command = Outcome(OfferOutcome.Accepted, Press(August5, ClaimStatus.Reported));

        var events = RecordOutcomeDecision.Decide(offer, command);

        var claim = new OutcomeClaim(command.ClaimId, OfferOutcome.Accepted, Press(August5, ClaimStatus.Reported).ToSource(), Now);
        Assert.Equal([new OfferOutcomeReported(OfferId, claim, Now)], events);
        Assert.Equal(claim, After(offer, events).CurrentOutcome);
    }

    [Fact]
    public void The_same_outcome_report_twice_is_a_conflict() =>
        AssertConflict(
            () => RecordOutcomeDecision.Decide(
                GivenOffer(Extended(), Reported(OfferOutcome.Declined, Press(August2, ClaimStatus.Rumoured))),
                Outcome(OfferOutcome.Declined, Press(August2, ClaimStatus.Rumoured))),
            "already reported this offer as declined on 2025-08-02");

    [Fact]
    public void A_publisher_that_differs_only_by_surrounding_spaces_makes_the_same_report() =>
        AssertConflict(
            () => RecordOutcomeDecision.Decide(
                GivenOffer(Extended(), Reported(OfferOutcome.Declined, Press(August2, ClaimStatus.Rumoured))),
                Outcome(OfferOutcome.Declined, Press(August2, ClaimStatus.Rumoured, publisher: " Press  "))),
            "already reported");

    [Fact]
    public void Competing_outcomes_are_all_kept()
    {
        var offer = GivenOffer(Extended(), Reported(OfferOutcome.Declined, Press(August2, ClaimStatus.Rumoured)));

        var fromAnotherSource = RecordOutcomeDecision.Decide(offer, Outcome(OfferOutcome.Accepted, Press(August5, ClaimStatus.Reported)));
        offer = After(offer, fromAnotherSource);
        var otherOutcomeFromTheSameSource = RecordOutcomeDecision.Decide(offer, Outcome(OfferOutcome.Withdrawn, Press(August2, ClaimStatus.Rumoured)));
        offer = After(offer, otherOutcomeFromTheSameSource);

        Assert.Equal([OfferOutcome.Declined, OfferOutcome.Accepted, OfferOutcome.Withdrawn], offer.Outcomes.Select(claim => claim.Outcome));
    }

    [Fact]
    public void The_current_outcome_is_the_latest_reported_one_over_an_older_rumour_and_a_newer_dispute()
    {
        var offer = GivenOffer(
            Extended(),
            Reported(OfferOutcome.Declined, Press(August2, ClaimStatus.Rumoured)),
            Reported(OfferOutcome.Accepted, Press(August5, ClaimStatus.Reported), recordedDaysAgo: 4),
            Reported(OfferOutcome.Declined, Press(August2, ClaimStatus.Reported, publisher: "Earlier press"), recordedDaysAgo: 1),
            Reported(OfferOutcome.Withdrawn, Press(August6, ClaimStatus.Disputed)));

        Assert.Equal(OfferOutcome.Accepted, offer.CurrentOutcome?.Outcome);
    }

    [Fact]
    public void A_confirmed_outcome_is_current_over_newer_reported_ones()
    {
        var offer = GivenOffer(
            Extended(),
            Reported(OfferOutcome.Declined, Press(August2, ClaimStatus.Confirmed)),
            Reported(OfferOutcome.Accepted, Press(August6, ClaimStatus.Reported)));

        Assert.Equal(OfferOutcome.Declined, offer.CurrentOutcome?.Outcome);
    }

    [Theory]
    [InlineData(ClaimStatus.Disputed)]
    [InlineData(ClaimStatus.Retracted)]
    public void A_disputed_or_retracted_outcome_is_never_current(ClaimStatus status)
    {
        var offer = GivenOffer(Extended(), Reported(OfferOutcome.Accepted, Press(August5, status)));

        Assert.Null(offer.CurrentOutcome);
    }

    private static void AssertConflict(Func<IReadOnlyList<object>> decide, string reason)
    {
        var conflict = Assert.Throws<ConflictException>(() => decide());
        Assert.Contains(reason, conflict.Message, StringComparison.Ordinal);
    }
}
