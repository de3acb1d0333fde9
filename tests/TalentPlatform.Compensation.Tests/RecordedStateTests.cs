using static TalentPlatform.Compensation.Tests.CompensationSpecification;

namespace TalentPlatform.Compensation.Tests;

/// <summary>Observations and submissions show what their event recorded, under their own id, in the order clients have always read.</summary>
public sealed class RecordedStateTests
{
    [Fact]
    public void An_observation_shows_the_report_as_observed() => AssertShows(
        ObservedUkBand,
        "observationId",
        GivenObservation(ObservedUkBand) with { Version = 1 },
        ["id", "role", "level", "location", "organization", "currency", "period", "kind", "components", "sampleSize", "observedOn", "source", "recordedAt", "version"]);

    [Fact]
    public void A_submission_shows_the_row_as_submitted() => AssertShows(
        SubmittedLondonRow,
        "submissionId",
        GivenSubmission(SubmittedLondonRow) with { Version = 1 },
        ["id", "role", "level", "location", "currency", "period", "components", "effectiveOn", "recordedAt", "version"]);

    [Fact]
    public void A_recorded_report_never_changes()
    {
        var observation = GivenObservation(ObservedUkBand);

        Assert.Same(observation, Observation.Fold(observation, ObservedUkBand with { ObservationId = Guid.NewGuid(), Role = "other" }));
    }

    private static void AssertShows(object recorded, string recordedId, object state, string[] members)
    {
        var (fields, shown) = (Wire.Of(recorded), Wire.Of(state));

        Assert.Equal(members, shown.Select(member => member.Key));
        Assert.Equal(fields[recordedId]!.GetValue<Guid>(), shown["id"]!.GetValue<Guid>());
        Assert.True(JsonNode.DeepEquals(Wire.Without(fields, recordedId), Wire.Without(shown, "id", "version")));
    }
}
