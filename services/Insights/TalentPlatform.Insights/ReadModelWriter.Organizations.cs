using Npgsql;
using NpgsqlTypes;
using TalentPlatform.People.Contracts;

namespace TalentPlatform.Insights;

internal sealed partial class ReadModelWriter
{
    /// <summary>
    /// Keeps each organization's newest version; when a parent or a slug changed, works out every organization's root
    /// again (the top of its parent chain, at most 32 up, as the answers roll up), under a lock so two writers never
    /// interleave it.
    /// </summary>
    private async Task ApplyOrganizationsAsync(List<OrganizationSnapshot> received, CancellationToken cancellationToken)
    {
        if (received.Count == 0)
        {
            return;
        }

        var ids = received.Select(organization => organization.Id).Distinct().Order().ToArray();
        var kept = new Dictionary<Guid, OrganizationNode>();
        await using (var command = new NpgsqlCommand($"select id, version, slug, parent from {S}.organizations where id = any($1)", connection) { Parameters = { new() { Value = ids } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                kept[reader.GetGuid(0)] = new OrganizationNode(reader.GetGuid(0), reader.GetInt64(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
            }
        }

        var written = new List<OrganizationNode>();
        var treeChanged = false;
        foreach (var organization in received.GroupBy(organization => organization.Id))
        {
            var before = kept.GetValueOrDefault(organization.Key);
            var after = organization.Aggregate(before, OrganizationNode.Newest)!;
            if (after != before)
            {
                written.Add(after);
                treeChanged |= before is null || before.Slug != after.Slug || before.Parent != after.Parent;
            }
        }

        if (written.Count == 0)
        {
            return;
        }

        written = [.. written.OrderBy(organization => organization.Id)];
        var batch = new SqlBatch(connection).Add(
            $"insert into {S}.organizations (id, slug, version, parent) select * from unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[]) " +
            "on conflict (id) do update set slug = excluded.slug, version = excluded.version, parent = excluded.parent",
            SqlBatch.Array(written.Select(organization => organization.Id), NpgsqlDbType.Uuid),
            SqlBatch.Array(written.Select(organization => organization.Slug), NpgsqlDbType.Text),
            SqlBatch.Array(written.Select(organization => organization.PeopleVersion), NpgsqlDbType.Bigint),
            SqlBatch.Array(written.Select(organization => organization.Parent), NpgsqlDbType.Text));
        if (treeChanged)
        {
            batch.Add($"select pg_advisory_xact_lock({LockClasses.OrganizationTree}, 0)")
                .Add($"delete from {S}.organization_roots")
                .Add(
                    $"""
                    insert into {S}.organization_roots (slug, root)
                    with recursive chain (slug, current_slug, depth) as (
                        select slug, slug, 0 from {S}.organizations
                        union all
                        select chain.slug, o.parent, chain.depth + 1
                        from chain join {S}.organizations o on o.slug = chain.current_slug
                        where o.parent is not null and chain.depth < 32)
                    select distinct on (slug) slug, current_slug from chain order by slug, depth desc
                    """);
        }

        await batch.ExecuteAsync(cancellationToken);
        _touched.Add(Models.Organizations);
    }
}
