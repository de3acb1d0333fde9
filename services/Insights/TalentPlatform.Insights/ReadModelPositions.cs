using Marten;
using Microsoft.Net.Http.Headers;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace TalentPlatform.Insights;

/// <summary>
/// How far each SQL read model has come: a number that grows with every change its writer commits (one writer per
/// read model, so it is never contended). An answer's ETag is made of the positions of the read models it reads:
/// the same ETag means the same answer, so a client holding it gets a 304 without anything being computed.
/// </summary>
internal static class ReadModelPositions
{
    public const string Table = "insights_read_models";

    public static void Configure(StoreOptions options)
    {
        var positions = new Table(new PostgresqlObjectName(options.DatabaseSchemaName, Table, SchemaUtils.IdentifierUsage.General));
        positions.AddColumn("name", "text").AsPrimaryKey();
        positions.AddColumn("position", "bigint").NotNull();
        options.Storage.ExtendedSchemaObjects.Add(positions);
    }

    public static async Task AdvanceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"insert into {Table} (name, position) values ($1, 1) on conflict (name) do update set position = {Table}.position + 1",
            connection,
            transaction)
        {
            Parameters = { new() { Value = name } },
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<long> ReadAsync(NpgsqlConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"select position from {Table} where name = $1", connection) { Parameters = { new() { Value = name } } };
        return await command.ExecuteScalarAsync(cancellationToken) is long position ? position : 0;
    }
}

/// <summary>Conditional GET for Insights' answers: the read model's position as ETag, revalidated on every use.</summary>
internal static class ConditionalAnswers
{
    public const string CacheControl = "private, max-age=0, must-revalidate";

    /// <summary>Sets the ETag and caching headers; true when the client already holds this answer (then answer 304).</summary>
    public static bool IsFresh(HttpContext http, string etag)
    {
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = CacheControl;
        var held = http.Request.Headers.IfNoneMatch;
        return held.Count > 0
            && EntityTagHeaderValue.TryParseList(held, out var tags)
            && tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(new EntityTagHeaderValue(etag), useStrongComparison: false));
    }

    public static IResult NotModified() => TypedResults.StatusCode(StatusCodes.Status304NotModified);

    /// <summary>Answers that are computed each time (as-of questions) are still never cached unchecked.</summary>
    public static void Uncached(HttpContext http) => http.Response.Headers.CacheControl = CacheControl;
}
