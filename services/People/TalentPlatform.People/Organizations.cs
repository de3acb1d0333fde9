namespace TalentPlatform.People;

/// <summary>
/// Where a command finds the organizations it names, by slug: the store, for a single command; the store and
/// the rows before it, for a row of an import (an organization registered at line 3 is a parent at line 9).
/// The rules that need an organization ask this, so a rule is written once for both.
/// </summary>
internal interface IOrganizations
{
    /// <summary>The organization a slug names, or null (an invalid slug names none).</summary>
    ValueTask<Organization?> FindAsync(string? slug, CancellationToken cancellationToken);
}

internal static class Organizations
{
    /// <summary>The organizations as the store holds them.</summary>
    public static IOrganizations In(IQuerySession session) => new Stored(session);

    /// <summary>Names <paramref name="field"/> in <paramref name="errors"/> when no organization is registered as <paramref name="slug"/>.</summary>
    public static async ValueTask MustExistAsync(this IOrganizations organizations, string field, string slug, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (await organizations.FindAsync(slug, cancellationToken) is null)
        {
            errors.Add(field, $"No organization is registered as '{slug}'.");
        }
    }

    private sealed class Stored(IQuerySession session) : IOrganizations
    {
        public async ValueTask<Organization?> FindAsync(string? slug, CancellationToken cancellationToken) =>
            await OrganizationCommands.FindAsync(session, slug, cancellationToken);
    }
}
