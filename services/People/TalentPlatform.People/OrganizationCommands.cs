
namespace TalentPlatform.People;

/// <summary>
/// The shared command path (<see cref="StreamCommands{TState}"/>) for organizations, and finding one by
/// its slug, from which its stream id is derived.
/// </summary>
internal static class OrganizationCommands
{
    /// <summary>The tag the API document has always listed the organization routes under.</summary>
    public const string Tag = "OrganizationEndpoints";

    public static readonly StreamCommands<Organization> Run = new(
        Organization.Fold,
        (organization, version) => OrganizationView.From(organization, version),
        organization => $"/api/organizations/{organization.Slug}",
        _ => NotFound());

    public static IResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such organization.");

    /// <summary>The organization a slug names, or null (an invalid slug names none).</summary>
    public static async Task<Organization?> FindAsync(IQuerySession session, string? slug, CancellationToken cancellationToken) =>
        Slugs.IsValid(slug) ? await session.LoadAsync<Organization>(OrganizationIds.For(slug!), cancellationToken) : null;
}
