using TalentPlatform.Vocabulary;

namespace TalentPlatform.People.People;

public sealed record MovePerson(string From, string To, string? Title, PartialDate On, Guid? DealId, Source Source, DateTimeOffset Now);

public static class PersonDecisions
{
    /// <summary>A spell recorded for history; a second open spell at the same place is a conflict.</summary>
    public static IReadOnlyList<object> RecordEmployment(Person person, Stint stint, DateTimeOffset now) =>
        stint.IsOpen && person.OpenStintAt(stint.Organization) is { } open
            ? throw new ConflictException($"{person.Name} is already at {stint.Organization} (since {open.Start?.ToString() ?? "an unknown date"}).")
            : [new EmploymentRecorded(person.Id, stint, now)];

    /// <summary>
    /// A move ends the open spell at <see cref="MovePerson.From"/> and starts one at
    /// <see cref="MovePerson.To"/>, as one fact. The person must be at the first and not already at
    /// the second, and cannot leave before they arrived.
    /// </summary>
    public static IReadOnlyList<object> Move(Person person, MovePerson move)
    {
        var leaving = person.OpenStintAt(move.From)
            ?? throw new ConflictException($"{person.Name} is not at {move.From}: record their employment there before a move from it.");
        if (person.OpenStintAt(move.To) is not null)
        {
            throw new ConflictException($"{person.Name} is already at {move.To}.");
        }

        if (leaving.Start is { } start && move.On.IsCertainlyBefore(start))
        {
            throw new ConflictException($"{person.Name} joined {move.From} in {start}; they cannot leave on {move.On}.");
        }

        return [new TalentMoved(person.Id, Guid.CreateVersion7(move.Now), move.From, move.To, move.Title, move.On, move.DealId, move.Source, leaving.StintId, Guid.CreateVersion7(move.Now), move.Now)];
    }
}
