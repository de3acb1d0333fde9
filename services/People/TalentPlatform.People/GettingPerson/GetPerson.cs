using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.People.GettingPerson;

internal sealed class GetPersonEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/people/{id:guid}", HandleAsync)
            .WithTags(PersonCommands.Tag)
            .WithName("GetPerson").Reads<PersonView>()
            .WithSummary("A person with the timeline of their spells at organizations.");
    }

    private static async Task<IResult> HandleAsync(Guid id, IQuerySession session, HttpResponse response, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<Person>(id, cancellationToken) is not { } person)
        {
            return PersonCommands.NotFound(id);
        }

        response.SetETag(person.Version);
        return TypedResults.Ok(PersonView.From(person, person.Version));
    }
}
