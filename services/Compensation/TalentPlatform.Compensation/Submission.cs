using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace TalentPlatform.Compensation;

/// <summary>
/// One row of a customer's own payroll, as given. The event that records a row and the submission that shows
/// it both carry these fields, flat, under these names.
/// </summary>
public abstract record PayrollRow
{
    public required string Role { get; init; }

    public Level? Level { get; init; }

    public required Location Location { get; init; }

    public required string Currency { get; init; }

    public required PayPeriod Period { get; init; }

    public required Components Components { get; init; }

    public required DateOnly EffectiveOn { get; init; }
}

/// <summary>
/// A row was submitted, private to its tenant. Marten keeps it under the tenant (conjoined tenancy): every
/// session opened for a tenant sees that tenant's rows and no other's.
/// </summary>
public sealed record CompensationSubmitted(Guid SubmissionId, DateTimeOffset RecordedAt) : PayrollRow;

/// <summary>A submitted row as its tenant is shown it. It never changes once submitted.</summary>
public sealed record Submission : PayrollRow
{
    /// <summary>For Marten, which fills every member from the stored document.</summary>
    public Submission()
    {
    }

    [SetsRequiredMembers]
    private Submission(CompensationSubmitted submitted)
        : base(submitted)
    {
        Id = submitted.SubmissionId;
        RecordedAt = submitted.RecordedAt;
    }

    public Guid Id { get; init; }

    // JSON writes a type's own members before those it inherits: these orders keep the row's fields between
    // the id and the times, where clients have always found them.
    [JsonPropertyOrder(1)]
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>The stream version this state was built to; Marten sets it on the inline snapshot.</summary>
    [JsonPropertyOrder(2)]
    public long Version { get; set; }

    public static Submission Create(CompensationSubmitted submitted) => new(submitted);

    /// <summary>Folds one event into the state (null before the row was submitted).</summary>
    public static Submission? Fold(Submission? submission, object @event) =>
        submission is null && @event is CompensationSubmitted submitted ? Create(submitted) : submission;
}
