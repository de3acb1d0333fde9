using Marten;
using Marten.Pagination;
using TalentPlatform.EventStore;
using TalentPlatform.People.Organizations;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.Vocabulary;
using TalentPlatform.Vocabulary.Validation;

namespace TalentPlatform.People.People;

public sealed record RegisterPersonRequest(string Name, string? Headline = null, string? Country = null, IReadOnlyList<string>? Expertise = null);

public sealed record RecordEmploymentRequest(string Organization, string? Title = null, PartialDate? Start = null, PartialDate? End = null, SourceRequest? Source = null);

public sealed record MovePersonRequest(string From, string To, PartialDate On, SourceRequest Source, string? Title = null, Guid? DealId = null);

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

internal static class PeopleEndpoints
{
    private const int MaxText = 200;

    private static readonly StreamCommands<Person> Commands = new(
        Person.Fold,
        (person, version) => PersonView.From(person, version),
        person => $"/api/people/{person.Id}",
        id => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such person.", detail: $"No person has the id {id}."));

    public static IEndpointRouteBuilder MapPeople(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/people", RegisterAsync).WithIdempotencyKeys().WithName("RegisterPerson");
        app.MapGet("/api/people/{id:guid}", GetAsync).WithName("GetPerson").WithSummary("A person with the timeline of their spells at organizations.");
        app.MapGet("/api/people", SearchAsync).WithName("SearchPeople")
            .WithSummary("People whose name contains ?search= (any case) and who are or were at ?organization=; paged.");
        app.MapPost("/api/people/{id:guid}/employment", RecordEmploymentAsync).WithIdempotencyKeys().WithName("RecordEmployment")
            .WithSummary("Record a spell at an organization on its own, for history.");
        app.MapPost("/api/people/{id:guid}/moves", MoveAsync).WithIdempotencyKeys().WithName("MovePerson")
            .WithSummary("End the spell at 'from' and start one at 'to', as one fact, with its source.");
        return app;
    }

    public static void Configure(StoreOptions options) =>
        options.Schema.For<Person>().Duplicate(person => person.SearchText);

    private static async Task<IResult> RegisterAsync(RegisterPersonRequest request, IDocumentSession session, TimeProvider time, HttpContext http)
    {
        var errors = new ValidationErrors()
            .When(string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > MaxText, "name", $"The person's name, 1 to {MaxText} characters.")
            .When(request.Headline is { Length: > 300 }, "headline", "At most 300 characters.")
            .When(request.Country is not null && !CountryCodes.IsAssigned(request.Country), "country", "An ISO 3166-1 alpha-2 code, such as GB.")
            .When(request.Expertise is { Count: > 30 }, "expertise", "At most 30 areas.")
            .When((request.Expertise ?? []).Any(area => string.IsNullOrWhiteSpace(area) || area.Length > 100), "expertise", "Each area 1 to 100 characters.");
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The person is not valid.");
        }

        var now = time.GetUtcNow();
        var registered = new PersonRegistered(
            Guid.CreateVersion7(now),
            request.Name.Trim(),
            request.Headline?.Trim(),
            request.Country,
            [.. (request.Expertise ?? []).Select(area => area.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)],
            now);
        session.Events.StartStream<Person>(registered.PersonId, registered);
        return await Commands.RespondAsync(http, session, Person.Create(registered), version: 1, created: true);
    }

    private static async Task<IResult> GetAsync(Guid id, IQuerySession session, HttpResponse response, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<Person>(id, cancellationToken) is not { } person)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such person.", detail: $"No person has the id {id}.");
        }

        response.SetETag(person.Version);
        return TypedResults.Ok(PersonView.From(person, person.Version));
    }

    private static async Task<IResult> SearchAsync(string? search, string? organization, IQuerySession session, HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .When(search is { Length: > MaxText }, "search", $"At most {MaxText} characters.")
            .When(organization is not null && !Slugs.IsValid(organization), "organization", "An organization slug.");
        var (page, pageSize) = Paging.Read(request, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The search is not valid.");
        }

        IQueryable<Person> people = session.Query<Person>();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLowerInvariant();
            people = people.Where(person => person.SearchText.Contains(term));
        }

        if (organization is not null)
        {
            people = people.Where(person => person.Organizations.Contains(organization));
        }

        var found = await people.OrderBy(person => person.SearchText).ThenBy(person => person.Id).ToPagedListAsync(page, pageSize, cancellationToken);
        return TypedResults.Ok(Paging.Of(request, [.. found.Select(person => PersonView.From(person, person.Version))], page, pageSize, found.TotalItemCount));
    }

    private static async Task<IResult> RecordEmploymentAsync(Guid id, RecordEmploymentRequest request, IDocumentSession session, TimeProvider time, HttpContext http)
    {
        var now = time.GetUtcNow();
        var errors = new ValidationErrors()
            .When(request.Title is { Length: > MaxText }, "title", $"At most {MaxText} characters.")
            .When(request.Start is { } start && request.End is { } end && end.IsCertainlyBefore(start), "end", "The spell ends before it starts.")
            .NotFuture("start", request.Start?.Earliest, now)
            .NotFuture("end", request.End?.Earliest, now)
            .Source("source", request.Source, now);
        await OrganizationMustExistAsync(session, "organization", request.Organization, errors, http.RequestAborted);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The employment is not valid.");
        }

        var stint = new Stint(Guid.CreateVersion7(now), request.Organization, request.Title?.Trim(), request.Start, request.End, request.Source?.ToSource(), null);
        return await Commands.ExecuteAsync(id, http, session, person => PersonDecisions.RecordEmployment(person, stint, now));
    }

    private static async Task<IResult> MoveAsync(Guid id, MovePersonRequest request, IDocumentSession session, TimeProvider time, HttpContext http)
    {
        var now = time.GetUtcNow();
        var errors = new ValidationErrors()
            .When(request.From == request.To, "to", "A move goes to another organization.")
            .When(request.Title is { Length: > MaxText }, "title", $"At most {MaxText} characters.")
            .When(request.DealId == Guid.Empty, "dealId", "A deal id from Deals.")
            .NotFuture("on", request.On.Earliest, now)
            .Source("source", request.Source, now);
        await OrganizationMustExistAsync(session, "from", request.From, errors, http.RequestAborted);
        await OrganizationMustExistAsync(session, "to", request.To, errors, http.RequestAborted);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The move is not valid.");
        }

        var move = new MovePerson(request.From, request.To, request.Title?.Trim(), request.On, request.DealId, request.Source.ToSource(), now);
        return await Commands.ExecuteAsync(id, http, session, person => PersonDecisions.Move(person, move));
    }

    internal static async Task OrganizationMustExistAsync(IQuerySession session, string field, string slug, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (await OrganizationEndpoints.FindAsync(session, slug, cancellationToken) is null)
        {
            errors.Add(field, $"No organization is registered as '{slug}'.");
        }
    }
}
