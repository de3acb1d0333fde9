using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.People.RecordingEmployment;

public sealed record RecordEmploymentRequest(string Organization, string? Title = null, PartialDate? Start = null, PartialDate? End = null, SourceRequest? Source = null);

public sealed record RecordEmployment(Stint Stint, DateTimeOffset Now);

public static class RecordEmploymentDecision
{
    /// <summary>A spell recorded for history; a second open spell at the same place is a conflict.</summary>
    public static IReadOnlyList<object> Decide(Person person, RecordEmployment command) =>
        command.Stint.IsOpen && person.OpenStintAt(command.Stint.Organization) is { } open
            ? throw new ConflictException($"{person.Name} is already at {command.Stint.Organization} (since {open.Start?.ToString() ?? "an unknown date"}).")
            : [new EmploymentRecorded(person.Id, command.Stint, command.Now)];
}

internal sealed class RecordEmploymentEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/people/{id:guid}/employment", HandleAsync).RequireAuthorization(Policies.MarketWriter)
            .WithIdempotencyKeys()
            .WithTags(PersonCommands.Tag)
            .WithName("RecordEmployment").Commands<PersonView>()
            .WithSummary("Record a spell at an organization on its own, for history.");
    }

    private static async Task<IResult> HandleAsync(Guid id, RecordEmploymentRequest request, IDocumentSession session, TimeProvider time, HttpContext http)
    {
        var now = time.GetUtcNow();
        var errors = await ValidateAsync(request, now, Organizations.In(session), http.RequestAborted);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The employment is not valid.");
        }

        var command = Command(request, now);
        return await PersonCommands.Run.ExecuteAsync(id, http, session, person => RecordEmploymentDecision.Decide(person, command));
    }

    /// <summary>The rules a spell meets, alone or as a row of an import.</summary>
    internal static async ValueTask<ValidationErrors> ValidateAsync(
        RecordEmploymentRequest request, DateTimeOffset now, IOrganizations organizations, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .When(request.Title is { Length: > PeopleRules.MaxTextLength }, "title", $"At most {PeopleRules.MaxTextLength} characters.")
            .When(request.Start is { } start && request.End is { } end && end.IsCertainlyBefore(start), "end", "The spell ends before it starts.")
            .NotFuture("start", request.Start?.Earliest, now)
            .NotFuture("end", request.End?.Earliest, now)
            .Source("source", request.Source, now);
        await organizations.MustExistAsync("organization", request.Organization, errors, cancellationToken);
        return errors;
    }

    internal static RecordEmployment Command(RecordEmploymentRequest request, DateTimeOffset now) =>
        new(new Stint(Guid.CreateVersion7(now), request.Organization, request.Title?.Trim(), request.Start, request.End, request.Source?.ToSource(), null), now);
}
