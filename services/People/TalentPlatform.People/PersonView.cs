
namespace TalentPlatform.People;

public sealed record StintView(Guid Id, string Organization, string? Title, DateView Start, DateView End, bool Current, Source? Source, Guid? MoveId);

public sealed record PersonView(
    Guid Id,
    string Name,
    string? Headline,
    string? Country,
    IReadOnlyList<string> Expertise,
    IReadOnlyList<StintView> Timeline,
    DateTimeOffset RecordedAt,
    DateTimeOffset UpdatedAt,
    long Version)
{
    /// <summary>The timeline runs from the earliest start; spells with an unknown start come first.</summary>
    public static PersonView From(Person person, long version) => new(
        person.Id,
        person.Name,
        person.Headline,
        person.Country,
        person.Expertise,
        [.. person.Stints
            .OrderBy(stint => stint.Start?.Earliest ?? DateOnly.MinValue)
            .Select(stint => new StintView(stint.StintId, stint.Organization, stint.Title, DateView.Of(stint.Start), DateView.Of(stint.End), stint.IsOpen, stint.Source, stint.MoveId))],
        person.RecordedAt,
        person.UpdatedAt,
        version);
}
