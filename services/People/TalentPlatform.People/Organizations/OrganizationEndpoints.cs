using System.Collections.Immutable;
using Marten;
using Marten.Pagination;
using TalentPlatform.EventStore;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.Vocabulary;
using TalentPlatform.Vocabulary.Validation;

namespace TalentPlatform.People.Organizations;

public sealed record RegisterOrganizationRequest(string Slug, string Name, OrganizationKind Kind, IReadOnlyList<string>? Aliases = null, string? Parent = null);

public sealed record AddAliasRequest(string Alias);

/// <summary><c>parent</c> null detaches the organization from any parent.</summary>
public sealed record ChangeParentRequest(string? Parent);

public sealed record OrganizationView(
    Guid Id,
    string Slug,
    string Name,
    OrganizationKind Kind,
    IReadOnlyList<string> Aliases,
    string? Parent,
    DateTimeOffset RecordedAt,
    DateTimeOffset UpdatedAt,
    long Version)
{
    public static OrganizationView From(Organization organization, long version) => new(
        organization.Id,
        organization.Slug,
        organization.Name,
        organization.Kind,
        organization.Aliases,
        organization.Parent,
        organization.RecordedAt,
        organization.UpdatedAt,
        version);
}

public static class OrganizationDecisions
{
    public const int MaxDepth = 32;

    public static OrganizationRegistered Register(Organization? existing, RegisterOrganizationRequest request, DateTimeOffset now) =>
        existing is not null
            ? throw new ConflictException($"The slug '{request.Slug}' is already {existing.Name}'s.")
            : new OrganizationRegistered(
                OrganizationIds.For(request.Slug),
                request.Slug,
                request.Name.Trim(),
                request.Kind,
                [.. (request.Aliases ?? []).Select(alias => alias.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)],
                request.Parent,
                now);

    public static IReadOnlyList<object> AddAlias(Organization organization, string alias, DateTimeOffset now) =>
        organization.IsKnownAs(alias)
            ? throw new ConflictException($"{organization.Name} is already known as '{alias}'.")
            : [new OrganizationAliasAdded(organization.Id, alias, now)];

    /// <param name="newParentChain">The new parent and its ancestors, nearest first.</param>
    public static IReadOnlyList<object> ChangeParent(Organization organization, string? parent, IReadOnlyList<string> newParentChain, DateTimeOffset now)
    {
        if (parent == organization.Parent)
        {
            throw new ConflictException(parent is null ? $"{organization.Name} has no parent." : $"{parent} is already {organization.Name}'s parent.");
        }

        if (parent == organization.Slug || newParentChain.Contains(organization.Slug))
        {
            var cycle = string.Join(" → ", new[] { organization.Slug }.Concat(newParentChain.TakeWhile(slug => slug != organization.Slug)).Append(organization.Slug));
            throw new ConflictException($"That would make a cycle: {cycle}.");
        }

        return [new OrganizationParentChanged(organization.Id, parent, organization.Parent, now)];
    }
}

internal static class OrganizationEndpoints
{
    private static readonly StreamCommands<Organization> Commands = new(
        Organization.Fold,
        (organization, version) => OrganizationView.From(organization, version),
        organization => $"/api/organizations/{organization.Slug}",
        _ => NotFound());

    public static IEndpointRouteBuilder MapOrganizations(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/organizations", RegisterAsync).WithIdempotencyKeys().WithName("RegisterOrganization")
            .WithSummary("Register an organization under its slug, with aliases and a parent.");
        app.MapGet("/api/organizations/{slug}", GetAsync).WithName("GetOrganization");
        app.MapGet("/api/organizations", SearchAsync).WithName("SearchOrganizations")
            .WithSummary("Organizations whose name, slug or an alias contains ?search= (any case); ?kind= narrows; paged.");
        app.MapPost("/api/organizations/{slug}/aliases", AddAliasAsync).WithIdempotencyKeys().WithName("AddOrganizationAlias");
        app.MapPut("/api/organizations/{slug}/parent", ChangeParentAsync).WithIdempotencyKeys().WithName("ChangeOrganizationParent")
            .WithSummary("Set (or, with null, remove) the parent; a change that would make a cycle is a 409.");
        return app;
    }

    /// <summary>The organization a slug names, or null (an invalid slug names none).</summary>
    public static async Task<Organization?> FindAsync(IQuerySession session, string? slug, CancellationToken cancellationToken) =>
        Slugs.IsValid(slug) ? await session.LoadAsync<Organization>(OrganizationIds.For(slug!), cancellationToken) : null;

    public static void Configure(StoreOptions options) =>
        options.Schema.For<Organization>().Duplicate(organization => organization.SearchText).Duplicate(organization => organization.Kind);

    private static async Task<IResult> RegisterAsync(RegisterOrganizationRequest request, IDocumentSession session, TimeProvider time, HttpContext http)
    {
        var now = time.GetUtcNow();
        var errors = new ValidationErrors()
            .When(!Slugs.IsValid(request.Slug), "slug", "Lower-case letters, digits and single hyphens, such as google-deepmind.")
            .When(string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200, "name", "The organization's name, 1 to 200 characters.")
            .When(request.Aliases is { Count: > 50 }, "aliases", "At most 50 aliases.")
            .When((request.Aliases ?? []).Any(alias => string.IsNullOrWhiteSpace(alias) || alias.Length > 200), "aliases", "Each alias 1 to 200 characters.")
            .When(request.Parent is not null && request.Parent == request.Slug, "parent", "An organization is not its own parent.");
        if (request.Parent is not null && await FindAsync(session, request.Parent, http.RequestAborted) is null)
        {
            errors.Add("parent", $"No organization is registered as '{request.Parent}'.");
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The organization is not valid.");
        }

        var registered = OrganizationDecisions.Register(await FindAsync(session, request.Slug, http.RequestAborted), request, now);
        session.Events.StartStream<Organization>(registered.OrganizationId, registered);
        return await Commands.RespondAsync(http, session, Organization.Create(registered), version: 1, created: true);
    }

    private static async Task<IResult> GetAsync(string slug, IQuerySession session, HttpResponse response, CancellationToken cancellationToken)
    {
        if (await FindAsync(session, slug, cancellationToken) is not { } organization)
        {
            return NotFound();
        }

        response.SetETag(organization.Version);
        return TypedResults.Ok(OrganizationView.From(organization, organization.Version));
    }

    private static async Task<IResult> SearchAsync(string? search, string? kind, IQuerySession session, HttpRequest request, CancellationToken cancellationToken)
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

    private static async Task<IResult> AddAliasAsync(string slug, AddAliasRequest request, IDocumentSession session, TimeProvider time, HttpContext http)
    {
        var errors = new ValidationErrors()
            .When(string.IsNullOrWhiteSpace(request.Alias) || request.Alias.Length > 200, "alias", "The alias, 1 to 200 characters.");
        return !errors.IsEmpty
            ? TypedResults.ValidationProblem(errors.ToDictionary(), title: "The alias is not valid.")
            : !Slugs.IsValid(slug)
                ? NotFound()
                : await Commands.ExecuteAsync(OrganizationIds.For(slug), http, session, organization =>
                    OrganizationDecisions.AddAlias(organization, request.Alias.Trim(), time.GetUtcNow()));
    }

    private static async Task<IResult> ChangeParentAsync(string slug, ChangeParentRequest request, IDocumentSession session, TimeProvider time, HttpContext http)
    {
        if (!Slugs.IsValid(slug))
        {
            return NotFound();
        }

        var chain = new List<string>();
        for (var parent = request.Parent; parent is not null && chain.Count < OrganizationDecisions.MaxDepth;)
        {
            if (await FindAsync(session, parent, http.RequestAborted) is not { } ancestor)
            {
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["parent"] = [$"No organization is registered as '{parent}'."] },
                    title: "The parent is not valid.");
            }

            chain.Add(ancestor.Slug);
            parent = ancestor.Slug == slug ? null : ancestor.Parent;
        }

        return await Commands.ExecuteAsync(OrganizationIds.For(slug), http, session, organization =>
            OrganizationDecisions.ChangeParent(organization, request.Parent, chain, time.GetUtcNow()));
    }

    private static IResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such organization.");
}
