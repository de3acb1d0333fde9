using Marten.Events.Aggregation;
using TalentPlatform.People.Contracts;

namespace TalentPlatform.Insights;

/// <summary>An organization as People last described it: enough to name it and roll it up to its parent.</summary>
public sealed class OrganizationNode
{
    public Guid Id { get; set; }

    public long PeopleVersion { get; set; }

    public string Slug { get; set; } = "";

    public string Name { get; set; } = "";

    public string Kind { get; set; } = "";

    public string? Parent { get; set; }
}

/// <summary>Every People message carries the organization with its version in People; the newest wins.</summary>
public sealed class OrganizationNodeProjection : SingleStreamProjection<OrganizationNode, Guid>
{
    public static OrganizationNode Create(OrganizationRegistered e) => Newest(new OrganizationNode(), e.Organization);

    public static OrganizationNode Create(OrganizationAliasAdded e) => Newest(new OrganizationNode(), e.Organization);

    public static OrganizationNode Create(OrganizationParentChanged e) => Newest(new OrganizationNode(), e.Organization);

    public static OrganizationNode Apply(OrganizationRegistered e, OrganizationNode node) => Newest(node, e.Organization);

    public static OrganizationNode Apply(OrganizationAliasAdded e, OrganizationNode node) => Newest(node, e.Organization);

    public static OrganizationNode Apply(OrganizationParentChanged e, OrganizationNode node) => Newest(node, e.Organization);

    private static OrganizationNode Newest(OrganizationNode node, OrganizationSnapshot organization)
    {
        if (organization.Version > node.PeopleVersion)
        {
            node.Id = organization.Id;
            node.PeopleVersion = organization.Version;
            node.Slug = organization.Slug;
            node.Name = organization.Name;
            node.Kind = organization.Kind;
            node.Parent = organization.Parent;
        }

        return node;
    }
}
