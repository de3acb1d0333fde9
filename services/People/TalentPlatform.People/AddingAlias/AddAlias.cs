using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.People.AddingAlias;

public sealed record AddAliasRequest(string Alias);

public sealed record AddAlias(string Alias, DateTimeOffset Now);

public static class AddAliasDecision
{
    /// <summary>An alias is added once, whatever its case, and never one that is the organization's name.</summary>
    public static IReadOnlyList<object> Decide(Organization organization, AddAlias command) =>
        organization.IsKnownAs(command.Alias)
            ? throw new ConflictException($"{organization.Name} is already known as '{command.Alias}'.")
            : [new OrganizationAliasAdded(organization.Id, command.Alias, command.Now)];
}

internal sealed class AddAliasEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/organizations/{slug}/aliases", HandleAsync).RequireAuthorization(Policies.MarketWriter)
            .WithIdempotencyKeys()
            .WithTags(OrganizationCommands.Tag)
            .WithName("AddOrganizationAlias").Commands<OrganizationView>().WithSummary("Add another name the organization is known by; one it already has is a 409.");
    }

    private static async Task<IResult> HandleAsync(string slug, AddAliasRequest request, IDocumentSession session, TimeProvider time, HttpContext http)
    {
        var now = time.GetUtcNow();
        var errors = new ValidationErrors()
            .When(string.IsNullOrWhiteSpace(request.Alias) || request.Alias.Length > 200, "alias", "The alias, 1 to 200 characters.");
        return !errors.IsEmpty
            ? TypedResults.ValidationProblem(errors.ToDictionary(), title: "The alias is not valid.")
            : !Slugs.IsValid(slug)
                ? OrganizationCommands.NotFound()
                : await OrganizationCommands.Run.ExecuteAsync(OrganizationIds.For(slug), http, session, organization =>
                    AddAliasDecision.Decide(organization, new AddAlias(request.Alias.Trim(), now)));
    }
}
