using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.People.GettingOrganization;

internal sealed class GetOrganizationEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/organizations/{slug}", HandleAsync)
            .WithTags(OrganizationCommands.Tag)
            .WithName("GetOrganization").Reads<OrganizationView>().WithSummary("An organization by its slug, with its kind, aliases and parent.");
    }

    private static async Task<IResult> HandleAsync(string slug, IQuerySession session, HttpResponse response, CancellationToken cancellationToken)
    {
        if (await OrganizationCommands.FindAsync(session, slug, cancellationToken) is not { } organization)
        {
            return OrganizationCommands.NotFound();
        }

        response.SetETag(organization.Version);
        return TypedResults.Ok(OrganizationView.From(organization, organization.Version));
    }
}
