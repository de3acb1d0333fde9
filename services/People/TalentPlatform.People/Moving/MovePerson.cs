using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.People.Moving;

public sealed record MovePersonRequest(string From, string To, PartialDate On, SourceRequest Source, string? Title = null, Guid? DealId = null);

/// <param name="MoveId">The id of the move, made at the edge.</param>
/// <param name="StartedStintId">The id of the spell the move starts at <paramref name="To"/>.</param>
public sealed record MovePerson(Guid MoveId, Guid StartedStintId, string From, string To, string? Title, PartialDate On, Guid? DealId, Source Source, DateTimeOffset Now);

public static class MovePersonDecision
{
    /// <summary>
    /// A move ends the open spell at <see cref="MovePerson.From"/> and starts one at
    /// <see cref="MovePerson.To"/>, as one fact. The person must be at the first and not already at
    /// the second, and cannot leave before they arrived.
    /// </summary>
    public static IReadOnlyList<object> Decide(Person person, MovePerson command)
    {
        var leaving = person.OpenStintAt(command.From)
            ?? throw new ConflictException($"{person.Name} is not at {command.From}: record their employment there before a move from it.");
        if (person.OpenStintAt(command.To) is not null)
        {
            throw new ConflictException($"{person.Name} is already at {command.To}.");
        }

        if (leaving.Start is { } start && command.On.IsCertainlyBefore(start))
        {
            throw new ConflictException($"{person.Name} joined {command.From} in {start}; they cannot leave on {command.On}.");
        }

        return [new TalentMoved(
            person.Id, command.MoveId, command.From, command.To, command.Title, command.On, command.DealId, command.Source, leaving.StintId, command.StartedStintId, command.Now)];
    }
}

internal sealed class MovePersonEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/people/{id:guid}/moves", HandleAsync).RequireAuthorization(Policies.MarketWriter)
            .WithIdempotencyKeys()
            .WithTags(PersonCommands.Tag)
            .WithName("MovePerson").Commands<PersonView>()
            .WithSummary("End the spell at 'from' and start one at 'to', as one fact, with its source.");
    }

    private static async Task<IResult> HandleAsync(Guid id, MovePersonRequest request, IDocumentSession session, TimeProvider time, HttpContext http)
    {
        var now = time.GetUtcNow();
        var errors = await ValidateAsync(request, now, Organizations.In(session), http.RequestAborted);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The move is not valid.");
        }

        var command = Command(request, now);
        return await PersonCommands.Run.ExecuteAsync(id, http, session, person => MovePersonDecision.Decide(person, command));
    }

    /// <summary>The rules a move meets, alone or as a row of an import.</summary>
    internal static Task<ValidationErrors> ValidateAsync(MovePersonRequest request, DateTimeOffset now, IOrganizations organizations, CancellationToken cancellationToken) =>
        PeopleRules.ValidateMoveAsync(organizations, request.From, request.To, request.On, request.Source, now, own => own
                .When(request.Title is { Length: > PeopleRules.MaxTextLength }, "title", $"At most {PeopleRules.MaxTextLength} characters.")
                .When(request.DealId == Guid.Empty, "dealId", "A deal id from Deals."),
            cancellationToken);

    internal static MovePerson Command(MovePersonRequest request, DateTimeOffset now) => new(
        Guid.CreateVersion7(now), Guid.CreateVersion7(now), request.From, request.To, request.Title?.Trim(), request.On, request.DealId, request.Source.ToSource(), now);
}
