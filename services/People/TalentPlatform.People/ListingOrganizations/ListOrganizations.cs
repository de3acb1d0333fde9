using Marten.Pagination;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.People.ListingOrganizations;

internal sealed class ListOrganizationsEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/organizations", HandleAsync)
            .WithTags(OrganizationCommands.Tag)
            .WithName("SearchOrganizations").Lists<OrganizationView>()
            .WithSummary("Organizations whose name, slug or an alias contains ?search= (any case); ?kind= narrows; paged.");
    }

    /// <summary>The columns the filters read, duplicated out of the JSON.</summary>
    public static void Configure(StoreOptions options) =>
        options.Schema.For<Organization>().Duplicate(organization => organization.SearchText).Duplicate(organization => organization.Kind);

    private static async Task<IResult> HandleAsync(string? search, string? kind, IQuerySession session, HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .When(search is { Length: > 200 }, "search", "At most 200 characters.")
            .When(kind is not null && !WireNames.TryParse<OrganizationKind>(kind, out _), "kind", $"One of {WireNames.All<OrganizationKind>()}.");
        var (page, pageSize) = Paging.Read(request, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The search is not valid.");
        }

        IQueryable<Organization> organizations = session.Query<Organization>();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLowerInvariant();
            organizations = organizations.Where(organization => organization.SearchText.Contains(term));
        }

        if (WireNames.TryParse<OrganizationKind>(kind, out var organizationKind))
        {
            organizations = organizations.Where(organization => organization.Kind == organizationKind);
        }

        var found = await organizations.OrderBy(organization => organization.Slug).ToPagedListAsync(page, pageSize, cancellationToken);
        return TypedResults.Ok(Paging.Of(request, [.. found.Select(organization => OrganizationView.From(organization, organization.Version))], page, pageSize, found.TotalItemCount));
    }
}
