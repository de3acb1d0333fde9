using TalentPlatform.Compensation.Observing;
using TalentPlatform.Vocabulary;
using static TalentPlatform.Compensation.Tests.CompensationSpecification;

namespace TalentPlatform.Compensation.Tests;

public sealed class ObservationDecisionTests
{
    /// <summary>The band of <see cref="CompensationSpecification.ObservedUkBand"/> as a client sends it, spaces and all.</summary>
    private static readonly ObserveCompensationRequest UkBand = new(
        " ml-engineer ",
        "GBP",
        PayPeriod.Annual,
        FigureKind.Range,
        new Components(Base: new Figure(Min: 140_000m, Max: 300_000m)),
        new DateOnly(2025, 7, 1),
        new SourceRequest("Al Arabiya ", new DateOnly(2025, 7, 20), Attribution.Estimate, ClaimStatus.Reported),
        Level.Senior,
        new Location("GB", "London"),
        "deepmind",
        SampleSize: 12);

    [Fact]
    public void Observing_a_report_records_it_exactly_as_given()
    {
        var events = ObserveCompensationDecision.Decide(null, new ObserveCompensation(ObservationId, UkBand, Now));

        Assert.Equal([ObservedUkBand], events);
    }

    [Fact]
    public void Observing_a_report_already_recorded_is_a_conflict()
    {
        var existing = GivenObservation(ObservedUkBand);

        var conflict = Assert.Throws<ConflictException>(() => ObserveCompensationDecision.Decide(existing, new ObserveCompensation(ObservationId, UkBand, Now)));
        Assert.Contains("already recorded", conflict.Message, StringComparison.Ordinal);
    }
}
