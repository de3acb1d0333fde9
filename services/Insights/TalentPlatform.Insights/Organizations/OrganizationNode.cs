using Marten;
using Marten.Events.Aggregation;
using TalentPlatform.People.Contracts;

namespace TalentPlatform.Insights.Organizations;

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

/// <summary>Rolls organizations up to the top of their parent chain (google-deepmind → google).</summary>
public sealed class OrganizationTree(IReadOnlyDictionary<string, string?> parents)
{
    private const int MaxDepth = 32;

    public static async Task<OrganizationTree> LoadAsync(IQuerySession session, CancellationToken cancellationToken)
    {
        var nodes = await session.Query<OrganizationNode>().ToListAsync(cancellationToken);
        return new OrganizationTree(nodes.ToDictionary(node => node.Slug, node => node.Parent, StringComparer.Ordinal));
    }

    /// <summary>The top ancestor of <paramref name="slug"/> (itself when it has no parent or is unknown).</summary>
    public string Root(string slug)
    {
        var current = slug;
        for (var depth = 0; depth < MaxDepth && parents.TryGetValue(current, out var parent) && parent is not null; depth++)
        {
            current = parent;
        }

        return current;
    }

    public string Group(string slug, bool rollUp) => rollUp ? Root(slug) : slug;
}
