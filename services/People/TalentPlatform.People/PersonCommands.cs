
namespace TalentPlatform.People;

/// <summary>The shared command path (<see cref="StreamCommands{TState}"/>) for people.</summary>
internal static class PersonCommands
{
    /// <summary>The tag the API document has always listed the people routes under.</summary>
    public const string Tag = "PeopleEndpoints";

    public static readonly StreamCommands<Person> Run = new(
        Person.Fold,
        (person, version) => PersonView.From(person, version),
        person => $"/api/people/{person.Id}",
        NotFound);

    public static IResult NotFound(Guid personId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such person.", detail: $"No person has the id {personId}.");
}
