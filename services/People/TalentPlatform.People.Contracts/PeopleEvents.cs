namespace TalentPlatform.People.Contracts;

// Integration events published by People, version 1, on exchanges talent.people.<kebab-case name>.
// Enumerations travel as kebab-case strings. Dates that may be partial travel as text ("2025",
// "2025-07", "2025-07-11") with their precision (year, month, day). Members are only ever added.

/// <summary>An organization as it stood right after the event.</summary>
/// <param name="Id">Derived from the slug: the same slug always gives the same id.</param>
/// <param name="Kind">big-tech, ai-lab, startup, university, media, research-institute or other.</param>
/// <param name="Parent">The parent organization's slug (google for google-deepmind), or null.</param>
public sealed record OrganizationSnapshot(Guid Id, string Slug, string Name, string Kind, IReadOnlyList<string> Aliases, string? Parent, long Version);

public sealed record OrganizationRegistered(OrganizationSnapshot Organization, DateTimeOffset RecordedAt);

public sealed record OrganizationAliasAdded(OrganizationSnapshot Organization, string Alias, DateTimeOffset RecordedAt);

public sealed record OrganizationParentChanged(OrganizationSnapshot Organization, string? PreviousParent, DateTimeOffset RecordedAt);

public sealed record PersonRegistered(Guid PersonId, string Name, string? Headline, string? Country, IReadOnlyList<string> Expertise, DateTimeOffset RecordedAt);

/// <summary>Where a move was reported, and how sure the market is of it.</summary>
/// <param name="Attribution">company-statement, named-person, anonymous-source or estimate.</param>
/// <param name="ClaimStatus">rumoured, reported, confirmed, disputed or retracted.</param>
public sealed record MoveSource(string Publisher, Uri? Url, DateOnly PublishedOn, string Attribution, string ClaimStatus);

/// <summary>
/// People moved from one organization to another: one named person (<see cref="PersonId"/>, <see cref="Count"/> 1)
/// or an unnamed group (<see cref="PersonId"/> null) of <see cref="Count"/> people, at least that many
/// when <see cref="CountIsMinimum"/>.
/// </summary>
/// <param name="On">The day, month or year of the move.</param>
/// <param name="OnPrecision">day, month or year.</param>
public sealed record TalentMoved(
    Guid MoveId,
    Guid? PersonId,
    string? PersonName,
    int Count,
    bool CountIsMinimum,
    string From,
    string To,
    string? Title,
    string On,
    string OnPrecision,
    Guid? DealId,
    MoveSource Source,
    DateTimeOffset RecordedAt);

/// <summary>A spell at an organization recorded for a person's history (not a move).</summary>
public sealed record EmploymentRecorded(
    Guid PersonId,
    string PersonName,
    Guid StintId,
    string Organization,
    string? Title,
    string? Start,
    string? End,
    DateTimeOffset RecordedAt);
