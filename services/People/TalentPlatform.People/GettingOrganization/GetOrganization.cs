using Marten;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.People.GettingOrganization;

internal static class GetOrganizationEndpoint
{
    public static IEndpointRouteBuilder MapGetOrganization(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/organizations/{slug}", HandleAsync)
            .WithTags(OrganizationCommands.Tag)
            .WithName("GetOrganization");
        return app;
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
