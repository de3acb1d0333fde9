using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace TalentPlatform.Compensation;

/// <summary>
/// What a market pay report says, stored exactly as given: no conversion, no annualisation. The event that
/// records a report and the observation that shows it both carry these fields, flat, under these names.
/// </summary>
public abstract record PayReport
{
    public required string Role { get; init; }

    public Level? Level { get; init; }

    public Location? Location { get; init; }

    public string? Organization { get; init; }

    public required string Currency { get; init; }

    public required PayPeriod Period { get; init; }

    public required FigureKind Kind { get; init; }

    public required Components Components { get; init; }

    public int? SampleSize { get; init; }

    public required DateOnly ObservedOn { get; init; }

    public required Source Source { get; init; }
}

/// <summary>A market pay report entered the record.</summary>
public sealed record CompensationObserved(Guid ObservationId, DateTimeOffset RecordedAt) : PayReport;

/// <summary>
/// Market pay reports entered the record together (a chunk of an import, or a batch): one event for up to
/// <see cref="Contracts.CompensationObservedInBulk.MaxReports"/> reports, in a stream of its own, instead of a stream
/// and an event per report. Each report is the <see cref="CompensationObserved"/> a single POST records, and its
/// <see cref="Observation"/> is stored in the same transaction (<see cref="ObservationsInBulk"/>).
/// </summary>
public sealed record CompensationObservedInBulk(string? ImportId, IReadOnlyList<CompensationObserved> Reports);

/// <summary>A market pay report as recorded: what clients are shown. It never changes once observed.</summary>
public sealed record Observation : PayReport
{
    /// <summary>For Marten, which fills every member from the stored document.</summary>
    public Observation()
    {
    }

    [SetsRequiredMembers]
    private Observation(CompensationObserved observed)
        : base(observed)
    {
        Id = observed.ObservationId;
        RecordedAt = observed.RecordedAt;
    }

    public Guid Id { get; init; }

    // JSON writes a type's own members before those it inherits: these orders keep the report's fields between
    // the id and the times, where clients have always found them.
    [JsonPropertyOrder(1)]
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>The stream version this state was built to; Marten sets it on the inline snapshot.</summary>
    [JsonPropertyOrder(2)]
    public long Version { get; set; }

    public static Observation Create(CompensationObserved observed) => new(observed);

    /// <summary>Folds one event into the state (null before the report was observed).</summary>
    public static Observation? Fold(Observation? observation, object @event) =>
        observation is null && @event is CompensationObserved observed ? Create(observed) : observation;
}

/// <summary>Records reports in bulk: their observations stored as documents, their events a thousand to an event.</summary>
public static class ObservationsInBulk
{
    /// <summary>Stages the reports in <paramref name="session"/>; returns their observations.</summary>
    public static IReadOnlyList<Observation> Stage(IDocumentSession session, IReadOnlyList<CompensationObserved> reports, string? importId)
    {
        var observations = reports.Select(report => Observation.Create(report) with { Version = 1 }).ToList();
        if (observations.Count == 0)
        {
            return observations;
        }

        // Stored as Marten stores them (the role is a duplicated field), one statement for them all.
        DocumentsInBulk.Insert(session, observations, observation => observation.Id, observation => observation.Version, ("role", observation => observation.Role));
        foreach (var part in reports.Chunk(Contracts.CompensationObservedInBulk.MaxReports))
        {
            session.Events.StartStream(Guid.CreateVersion7(part[0].RecordedAt), new CompensationObservedInBulk(importId, part));
        }

        return observations;
    }
}
