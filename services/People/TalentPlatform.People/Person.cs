using System.Collections.Immutable;

namespace TalentPlatform.People;

/// <summary>A spell at an organization. <see cref="End"/> null: still there (as far as is known).</summary>
/// <param name="MoveId">The move that started it, when it started with one.</param>
public sealed record Stint(Guid StintId, string Organization, string? Title, PartialDate? Start, PartialDate? End, Source? Source, Guid? MoveId)
{
    public bool IsOpen => End is null;
}

public sealed record PersonRegistered(
    Guid PersonId,
    string Name,
    string? Headline,
    string? Country,
    ImmutableArray<string> Expertise,
    DateTimeOffset RecordedAt);

/// <summary>A spell at an organization recorded on its own, for the person's history.</summary>
public sealed record EmploymentRecorded(Guid PersonId, Stint Stint, DateTimeOffset RecordedAt);

/// <summary>One fact: the stint at <see cref="From"/> ended and one at <see cref="To"/> began, on the same day.</summary>
public sealed record TalentMoved(
    Guid PersonId,
    Guid MoveId,
    string From,
    string To,
    string? Title,
    PartialDate On,
    Guid? DealId,
    Source Source,
    Guid EndedStintId,
    Guid StartedStintId,
    DateTimeOffset RecordedAt);

/// <summary>A person as their events make them.</summary>
public sealed record Person(
    Guid Id,
    string Name,
    string? Headline,
    string? Country,
    ImmutableArray<string> Expertise,
    ImmutableArray<Stint> Stints,
    DateTimeOffset RecordedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The stream version; Marten stamps it on the inline snapshot.</summary>
    public long Version { get; set; }

    /// <summary>The name in lower case: what <c>?search=</c> matches.</summary>
    public string SearchText => Name.ToLowerInvariant();

    /// <summary>Every organization the person has been at, now or before: what <c>?organization=</c> matches.</summary>
    public ImmutableArray<string> Organizations => [.. Stints.Select(stint => stint.Organization).Distinct()];

    public Stint? OpenStintAt(string organization) =>
        Stints.Where(stint => stint.IsOpen && stint.Organization == organization).OrderByDescending(stint => stint.Start?.Earliest).FirstOrDefault();

    public static Person Create(PersonRegistered registered) => new(
        registered.PersonId,
        registered.Name,
        registered.Headline,
        registered.Country,
        registered.Expertise,
        Stints: [],
        registered.RecordedAt,
        registered.RecordedAt);

    public Person Apply(EmploymentRecorded recorded) => this with { Stints = Stints.Add(recorded.Stint), UpdatedAt = recorded.RecordedAt };

    public Person Apply(TalentMoved moved)
    {
        var ended = Stints.Select(stint => stint.StintId == moved.EndedStintId ? stint with { End = moved.On } : stint);
        var started = new Stint(moved.StartedStintId, moved.To, moved.Title, moved.On, null, moved.Source, moved.MoveId);
        return this with { Stints = [.. ended, started], UpdatedAt = moved.RecordedAt };
    }

    public static Person? Fold(Person? person, object @event) => (person, @event) switch
    {
        (null, PersonRegistered registered) => Create(registered),
        (not null, EmploymentRecorded recorded) => person.Apply(recorded),
        (not null, TalentMoved moved) => person.Apply(moved),
        _ => person,
    };
}
