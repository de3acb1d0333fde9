using TalentPlatform.People.Contracts;

namespace TalentPlatform.Insights;

/// <summary>An organization as People last described it: enough to name it and roll it up to its parent.</summary>
public sealed record OrganizationNode(Guid Id, long PeopleVersion, string Slug, string? Parent)
{
    /// <summary>Every People message carries the organization with its version in People; the newest wins, whatever the order.</summary>
    public static OrganizationNode Newest(OrganizationNode? node, OrganizationSnapshot organization) =>
        node is not null && node.PeopleVersion >= organization.Version
            ? node
            : new OrganizationNode(organization.Id, organization.Version, organization.Slug, organization.Parent);

    public static OrganizationSnapshot? SnapshotOf(object message) => message switch
    {
        OrganizationRegistered e => e.Organization,
        OrganizationAliasAdded e => e.Organization,
        OrganizationParentChanged e => e.Organization,
        _ => null,
    };
}
