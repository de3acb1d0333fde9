using Marten.Pagination;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.People.ListingPeople;

internal sealed class ListPeopleEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/people", HandleAsync)
            .WithTags(PersonCommands.Tag)
            .WithName("SearchPeople").Lists<PersonView>()
            .WithSummary("People whose name contains ?search= (any case) and who are or were at ?organization=; paged.");
    }

    /// <summary>The column the name search reads, duplicated out of the JSON.</summary>
    public static void Configure(StoreOptions options) =>
        options.Schema.For<Person>().Duplicate(person => person.SearchText);

    private static async Task<IResult> HandleAsync(string? search, string? organization, IQuerySession session, HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .When(search is { Length: > PeopleRules.MaxTextLength }, "search", $"At most {PeopleRules.MaxTextLength} characters.")
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
}
