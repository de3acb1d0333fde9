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
