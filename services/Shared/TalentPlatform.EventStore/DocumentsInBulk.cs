using Marten;

namespace TalentPlatform.EventStore;

/// <summary>
/// Inserts many new documents of one type with one statement in the session's transaction, instead of Marten's one
/// statement per document: a thousand imported rows cost PostgreSQL one plan, not a thousand. The rows are what
/// Marten itself writes for the type (its table, tenant, JSON, numeric revision, type name and duplicated fields), so
/// Marten loads and queries them as its own. For documents that are new by construction (fresh ids): a clash fails
/// the transaction, as Insert does.
/// </summary>
public static class DocumentsInBulk
{
    /// <param name="id">The document's id.</param>
    /// <param name="version">Its numeric revision (the type's <c>Version</c>).</param>
    /// <param name="duplicated">The type's duplicated fields, as their column and value (text).</param>
    public static void Insert<T>(IDocumentSession session, IReadOnlyCollection<T> documents, Func<T, Guid> id, Func<T, long> version, params (string Column, Func<T, string?> Value)[] duplicated)
        where T : notnull
    {
        if (documents.Count == 0)
        {
            return;
        }

        var mapping = session.DocumentStore.Options.FindOrResolveDocumentType(typeof(T));
        var table = mapping.TableName.QualifiedName;
        var expected = mapping.DuplicatedFields.Select(field => field.ColumnName).Order(StringComparer.Ordinal);
        if (!expected.SequenceEqual(duplicated.Select(field => field.Column).Order(StringComparer.Ordinal)))
        {
            throw new InvalidOperationException(
                $"{typeof(T).Name} duplicates {string.Join(", ", expected)} in its table; the bulk insert was given {string.Join(", ", duplicated.Select(field => field.Column))}.");
        }

        var serializer = session.DocumentStore.Options.Serializer();
        var columns = string.Concat(duplicated.Select(field => $", {field.Column}"));
        var arrays = string.Concat(duplicated.Select(_ => ", ?::text[]"));
        var selected = string.Concat(duplicated.Select((_, i) => $", d{i}"));
        var names = string.Concat(duplicated.Select((_, i) => $", d{i}"));
        object[] parameters =
        [
            session.TenantId,
            typeof(T).FullName!,
            documents.Select(id).ToArray(),
            documents.Select(document => serializer.ToJson(document)).ToArray(),
            documents.Select(version).ToArray(),
            .. duplicated.Select(field => documents.Select(field.Value).ToArray()),
        ];
        session.QueueSqlCommand(
            $"insert into {table} (tenant_id, mt_dotnet_type, id, data, mt_version{columns}) " +
            $"select ?, ?, id, data::jsonb, version{selected} from unnest(?::uuid[], ?::text[], ?::bigint[]{arrays}) as rows(id, data, version{names})",
            parameters);
    }
}
