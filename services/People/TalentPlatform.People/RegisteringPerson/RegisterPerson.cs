using System.Collections.Immutable;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.People.RegisteringPerson;

public sealed record RegisterPersonRequest(string Name, string? Headline = null, string? Country = null, IReadOnlyList<string>? Expertise = null);

public sealed record RegisterPerson(Guid PersonId, string Name, string? Headline, string? Country, ImmutableArray<string> Expertise, DateTimeOffset Now);

public static class RegisterPersonDecision
{
    /// <summary>A person is registered once, under a new id; their spells come afterwards.</summary>
    public static IReadOnlyList<object> Decide(Person? current, RegisterPerson command) =>
        current is not null
            ? throw new ConflictException($"Person {command.PersonId} is already registered.")
            : [new PersonRegistered(command.PersonId, command.Name, command.Headline, command.Country, command.Expertise, command.Now)];
}

internal sealed class RegisterPersonEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/people", HandleAsync).RequireAuthorization(Policies.MarketWriter)
            .WithIdempotencyKeys()
            .WithTags(PersonCommands.Tag)
            .WithName("RegisterPerson").Creates<PersonView>().WithSummary("Register a person with their headline, country (ISO 3166) and expertise.");
    }

    private static async Task<IResult> HandleAsync(RegisterPersonRequest request, IDocumentSession session, TimeProvider time, HttpContext http)
    {
        var errors = Validate(request);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The person is not valid.");
        }

        var person = Register(session, request, time.GetUtcNow());
        return await PersonCommands.Run.RespondAsync(http, session, person, person.Version, created: true);
    }

    /// <summary>The rules a person meets, alone or as a row of an import.</summary>
    internal static ValidationErrors Validate(RegisterPersonRequest request) => new ValidationErrors()
        .When(string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > PeopleRules.MaxTextLength, "name", $"The person's name, 1 to {PeopleRules.MaxTextLength} characters.")
        .When(request.Headline is { Length: > 300 }, "headline", "At most 300 characters.")
        .When(request.Country is not null && !CountryCodes.IsAssigned(request.Country), "country", "An ISO 3166-1 alpha-2 code, such as GB.")
        .When(request.Expertise is { Count: > 30 }, "expertise", "At most 30 areas.")
        .When((request.Expertise ?? []).Any(area => string.IsNullOrWhiteSpace(area) || area.Length > 100), "expertise", "Each area 1 to 100 characters.");

    /// <summary>Decides on a valid request and starts the person's stream in the session (imports register people this way too).</summary>
    internal static Person Register(IDocumentSession session, RegisterPersonRequest request, DateTimeOffset now)
    {
        var command = new RegisterPerson(
            Guid.CreateVersion7(now),
            request.Name.Trim(),
            request.Headline?.Trim(),
            request.Country,
            [.. (request.Expertise ?? []).Select(area => area.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)],
            now);
        var events = RegisterPersonDecision.Decide(null, command);
        session.Events.StartStream<Person>(command.PersonId, events);
        var person = events.Aggregate((Person?)null, Person.Fold)!;
        person.Version = events.Count;
        return person;
    }
}
