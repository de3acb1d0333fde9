using TalentPlatform.Compensation.Submitting;
using TalentPlatform.Vocabulary;
using static TalentPlatform.Compensation.Tests.CompensationSpecification;

namespace TalentPlatform.Compensation.Tests;

public sealed class SubmissionDecisionTests
{
    /// <summary>The row of <see cref="CompensationSpecification.SubmittedLondonRow"/> as a customer sends it, a tab and all.</summary>
    private static readonly SubmitCompensationRequest LondonRow = new(
        "ml-engineer\t",
        new Location("GB", "London"),
        "GBP",
        PayPeriod.Annual,
        new Components(Base: new Figure(Amount: 180_000m), Bonus: new Figure(Amount: 20_000m)),
        new DateOnly(2025, 4, 1),
        Level.Senior);

    [Fact]
    public void Submitting_a_row_records_it_as_given()
    {
        var events = SubmitCompensationDecision.Decide(null, new SubmitCompensation(SubmissionId, LondonRow, Now));

        Assert.Equal([SubmittedLondonRow], events);
    }

    [Fact]
    public void Submitting_a_row_already_recorded_is_a_conflict()
    {
        var existing = GivenSubmission(SubmittedLondonRow);

        var conflict = Assert.Throws<ConflictException>(() => SubmitCompensationDecision.Decide(existing, new SubmitCompensation(SubmissionId, LondonRow, Now)));
        Assert.Contains("already recorded", conflict.Message, StringComparison.Ordinal);
    }
}
