
namespace TalentPlatform.Insights;

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
