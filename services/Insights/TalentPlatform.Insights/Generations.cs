using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace TalentPlatform.Insights;

public enum GenerationState
{
    /// <summary>Asked for (by an admin, or because the FX rates or the tables' shape changed); the next rebuild builds it.</summary>
    Queued,

    /// <summary>Being built beside the live one from Insights' own events; no answer reads it.</summary>
    Building,

    /// <summary>The one every answer reads and every received event is applied to.</summary>
    Live,

    /// <summary>Replaced by a newer one; its schema is dropped once no answer can still be reading it.</summary>
    Retired,

    /// <summary>A rebuild that stopped (an error, or the host building it went away); the live one stayed live.</summary>
    Failed,
}

/// <summary>
/// One complete set of Insights' read models, in its own PostgreSQL schema. Every read model of a generation is
/// computed with the same FX rates (<see cref="Rates"/>), so its figures agree with each other; a rate recorded
/// later is taken up by the next generation, built beside this one and swapped in when it has caught up.
/// </summary>
/// <param name="Shape">The version of the tables' shape the code that built it wrote (<see cref="ReadModelTables.Shape"/>).</param>
public sealed record Generation(
    int Id,
    string Schema,
    int Shape,
    GenerationState State,
    IReadOnlyList<Guid> Rates,
    string Reason,
    DateTimeOffset RequestedAt,
    DateTimeOffset? LiveAt,
    long EventsTotal,
    long EventsDone,
    double? EventsPerSecond,
    DateTimeOffset? FinishedAt,
    string? Error);

/// <summary>
/// The generations of Insights' read models and which one is live (<c>insights_generations</c>, beside Marten's
/// tables). Writers lock the live row for share in their transaction, so a swap (which updates it) waits for the
/// writers in flight and every later writer applies its events to the new generation.
/// </summary>
internal static class Generations
{
    public const string Table = "insights_generations";

    /// <summary>Advisory lock class (two-key form) of work that must happen once across hosts: the first generation, one rebuild at a time.</summary>
    public const int LockClass = 0x494E_5347; // "INSG"

    private const string Columns = "id, schema_name, shape, state, rates, reason, requested_at, live_at, events_total, events_done, events_per_second, finished_at, error";

    public static void Configure(StoreOptions options)
    {
        var table = new Table(new PostgresqlObjectName(options.DatabaseSchemaName, Table, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<int>("id").AsPrimaryKey();
        table.AddColumn("schema_name", "text").NotNull();
        table.AddColumn<int>("shape").NotNull();
        table.AddColumn("state", "text").NotNull();
        table.AddColumn("rates", "uuid[]").NotNull();
        table.AddColumn("reason", "text").NotNull();
        table.AddColumn("requested_at", "timestamptz").NotNull();
        table.AddColumn("live_at", "timestamptz");
        table.AddColumn("events_total", "bigint").NotNull();
        table.AddColumn("events_done", "bigint").NotNull();
        table.AddColumn("events_per_second", "double precision");
        table.AddColumn("finished_at", "timestamptz");
        table.AddColumn("error", "text");
        table.AddColumn("dropped", "boolean").NotNull().DefaultValueByExpression("false");
        options.Storage.ExtendedSchemaObjects.Add(table);
    }

    /// <summary>The live generation, or null before the first one exists.</summary>
    public static async Task<Generation?> LiveAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        (await ListAsync(connection, "state = 'live'", cancellationToken)).FirstOrDefault();

    public static async Task<Generation?> FindAsync(NpgsqlConnection connection, int id, CancellationToken cancellationToken) =>
        (await ListAsync(connection, $"id = {id}", cancellationToken)).FirstOrDefault();

    /// <summary>The generation queued or being built, if any (there is at most one).</summary>
    public static async Task<Generation?> PendingAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        (await ListAsync(connection, "state in ('queued', 'building')", cancellationToken)).FirstOrDefault();

    /// <summary>Generations replaced or failed at least <paramref name="ago"/> ago whose schemas are still there.</summary>
    public static Task<List<Generation>> RetiredAsync(NpgsqlConnection connection, TimeSpan ago, CancellationToken cancellationToken) =>
        ListAsync(connection, $"state in ('retired', 'failed') and not dropped and finished_at < now() - make_interval(secs => {(int)ago.TotalSeconds})", cancellationToken);

    public static Task MarkDroppedAsync(NpgsqlConnection connection, int id, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, $"update {Table} set dropped = true where id = {id}", cancellationToken);

    /// <summary>
    /// The live generation, locked for share until the transaction ends: a swap waits for this transaction, and this
    /// transaction's changes go to the generation that is live when it commits. Creates the first generation when
    /// there is none yet (an empty store).
    /// </summary>
    public static async Task<Generation> LockLiveAsync(NpgsqlConnection connection, Func<CancellationToken, Task> ensureFirst, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            // A swap committing while this waited makes the old row no longer live and the new one invisible to this
            // statement's snapshot: the next statement sees it.
            var live = (await ListAsync(connection, "state = 'live'", cancellationToken, forShare: true)).FirstOrDefault();
            if (live is not null)
            {
                return live;
            }

            if (attempt == 0)
            {
                await ensureFirst(cancellationToken);
            }
        }

        throw new InvalidOperationException("No live generation of Insights' read models could be found.");
    }

    /// <summary>The live generation, locked for the swap: writers in flight finish first, and later ones wait until the swap commits.</summary>
    public static async Task<Generation?> LockLiveForSwapAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        (await ListAsync(connection, "state = 'live'", cancellationToken, forUpdate: true)).FirstOrDefault();

    /// <summary>
    /// Creates generation 1 (empty tables, live at once) when no generation exists, in its own transaction on the
    /// connection given (open, with none running); safe to call from several hosts at once.
    /// </summary>
    public static async Task EnsureFirstAsync(NpgsqlConnection connection, IReadOnlyList<Guid> rates, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"select pg_advisory_xact_lock({LockClass}, 1)", cancellationToken);
        if (await ScalarAsync<long>(connection, $"select count(*) from {Table}", cancellationToken) == 0)
        {
            var first = new Generation(1, SchemaOf(1), ReadModelTables.Shape, GenerationState.Live, rates, "first start", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, 0, 0, null, DateTimeOffset.UtcNow, null);
            await ReadModelTables.CreateAsync(connection, first.Schema, withSecondaryIndexes: true, cancellationToken);
            await InsertAsync(connection, first, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public static string SchemaOf(int id) => $"insights_g{id}";

    public static async Task<int> NextIdAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        (int)await ScalarAsync<long>(connection, $"select coalesce(max(id), 0) + 1 from {Table}", cancellationToken);

    public static async Task InsertAsync(NpgsqlConnection connection, Generation generation, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"insert into {Table} ({Columns}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            connection);
        AddParameters(command, generation);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task UpdateAsync(NpgsqlConnection connection, Generation generation, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"update {Table} set (schema_name, shape, state, rates, reason, requested_at, live_at, events_total, events_done, events_per_second, finished_at, error) " +
            "= ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) where id = $1",
            connection);
        AddParameters(command, generation);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameters(NpgsqlCommand command, Generation generation)
    {
        command.Parameters.Add(new() { Value = generation.Id });
        command.Parameters.Add(new() { Value = generation.Schema });
        command.Parameters.Add(new() { Value = generation.Shape });
        command.Parameters.Add(new() { Value = StateWord(generation.State) });
        command.Parameters.Add(new() { Value = generation.Rates.ToArray() });
        command.Parameters.Add(new() { Value = generation.Reason });
        command.Parameters.Add(new() { Value = generation.RequestedAt.UtcDateTime });
        command.Parameters.Add(new() { Value = (object?)generation.LiveAt?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = generation.EventsTotal });
        command.Parameters.Add(new() { Value = generation.EventsDone });
        command.Parameters.Add(new() { Value = (object?)generation.EventsPerSecond ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
        command.Parameters.Add(new() { Value = (object?)generation.FinishedAt?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = (object?)generation.Error ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
    }

    private static async Task<List<Generation>> ListAsync(NpgsqlConnection connection, string where, CancellationToken cancellationToken, bool forShare = false, bool forUpdate = false)
    {
        var locking = forShare ? " for share" : forUpdate ? " for update" : "";
        await using var command = new NpgsqlCommand($"select {Columns} from {Table} where {where} order by id{locking}", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var generations = new List<Generation>();
        while (await reader.ReadAsync(cancellationToken))
        {
            generations.Add(new Generation(
                reader.GetInt32(0),
                reader.GetString(1),
                reader.GetInt32(2),
                Enum.Parse<GenerationState>(reader.GetString(3), ignoreCase: true),
                reader.GetFieldValue<Guid[]>(4),
                reader.GetString(5),
                Utc(reader.GetFieldValue<DateTime>(6)),
                reader.IsDBNull(7) ? null : Utc(reader.GetFieldValue<DateTime>(7)),
                reader.GetInt64(8),
                reader.GetInt64(9),
                reader.IsDBNull(10) ? null : reader.GetDouble(10),
                reader.IsDBNull(11) ? null : Utc(reader.GetFieldValue<DateTime>(11)),
                reader.IsDBNull(12) ? null : reader.GetString(12)));
        }

        return generations;
    }

    private static string StateWord(GenerationState state) => state.ToString().ToLowerInvariant();

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    internal static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync(cancellationToken))!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
