using Npgsql;
using NpgsqlTypes;
using TalentPlatform.Gateway.Audit;

namespace TalentPlatform.Gateway.Keys;

public sealed record Tenant(string Id, string Name, DateTimeOffset CreatedAt);

/// <summary>An issued API key as stored: never the key itself, only its SHA-256.</summary>
public sealed record KeyRecord(
    Guid Id,
    string Tenant,
    string Role,
    string Name,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt,
    Guid? ReplacedBy);

/// <summary>An active key, as the authentication handler needs it.</summary>
internal sealed record ActiveKey(Guid Id, byte[] Sha256, string Tenant, string Role, string Name);

/// <summary>
/// The gateway's own database (<c>talent_gateway</c> by default): tenants and the keys issued to them, in
/// two plain tables (and the audit trail and the tenants' quota buckets beside them, <see cref="AuditTrail"/>, <see cref="SharedQuota"/>). Every change to <c>api_keys</c> bumps a one-row generation counter and sends a
/// NOTIFY in the same transaction (a statement trigger, so a revocation made by hand in psql is seen too);
/// each gateway instance listens, and polls the counter as a fallback.
/// </summary>
internal sealed class KeyStore(NpgsqlDataSource database)
{
    public const string Channel = "talent_api_keys";

    // One advisory lock id for the schema, so that two instances starting together do not race on it.
    private const string SchemaLock = "7310201001";

    private const string Schema = $"""
        select pg_advisory_xact_lock({SchemaLock});
        create table if not exists tenants (
            id text primary key,
            name text not null,
            created_at timestamptz not null);
        create table if not exists api_keys (
            id uuid primary key,
            tenant text not null references tenants (id),
            role text not null check (role in ('analyst', 'customer', 'admin')),
            name text not null,
            sha256 bytea not null unique check (length(sha256) = 32),
            created_at timestamptz not null,
            revoked_at timestamptz,
            replaced_by uuid references api_keys (id));
        create index if not exists api_keys_by_tenant on api_keys (tenant, created_at desc);
        create table if not exists api_key_generation (
            id int primary key check (id = 1),
            generation bigint not null);
        insert into api_key_generation values (1, 0) on conflict do nothing;
        create or replace function api_keys_changed() returns trigger language plpgsql as $$
        begin
            update api_key_generation set generation = generation + 1 where id = 1;
            perform pg_notify('{Channel}', '');
            return null;
        end $$;
        create or replace trigger api_keys_changed after insert or update or delete on api_keys
            for each statement execute function api_keys_changed();
        """;

    public NpgsqlDataSource Database => database;

    /// <summary>Creates the database on first start (on the server <paramref name="server"/> points at) and the tables.</summary>
    public static async Task EnsureCreatedAsync(string server, string databaseName, NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync(cancellationToken);
            await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection) { Parameters = { new() { Value = databaseName } } };
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                try
                {
                    await using var create = new NpgsqlCommand($"create database \"{databaseName.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
                    await create.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.DuplicateDatabase)
                {
                    // Another instance created it first.
                }
            }
        }

        await using var schema = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await schema.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(Schema + AuditTrail.Schema + SharedQuota.Schema, schema, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<long> GenerationAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select generation from api_key_generation where id = 1", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<(long Generation, IReadOnlyList<ActiveKey> Keys)> ActiveKeysAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        // One snapshot: the generation read belongs to exactly these keys.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var generation = await GenerationAsync(connection, cancellationToken);
        await using var command = new NpgsqlCommand("select id, sha256, tenant, role, name from api_keys where revoked_at is null", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ActiveKey>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new ActiveKey(reader.GetGuid(0), (byte[])reader[1], reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return (generation, keys);
    }

    /// <summary>False when a tenant with this id exists already.</summary>
    public async Task<bool> CreateTenantAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("insert into tenants (id, name, created_at) values ($1, $2, $3) on conflict (id) do nothing");
        command.Parameters.Add(new() { Value = tenant.Id });
        command.Parameters.Add(new() { Value = tenant.Name });
        command.Parameters.Add(new() { Value = tenant.CreatedAt });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<Tenant?> TenantAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("select id, name, created_at from tenants where id = $1");
        command.Parameters.Add(new() { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadTenant(reader) : null;
    }

    public async Task<(IReadOnlyList<Tenant> Items, long Total)> TenantsAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "select id, name, created_at, count(*) over () from tenants order by created_at desc, id limit $1 offset $2");
        command.Parameters.Add(new() { Value = pageSize });
        command.Parameters.Add(new() { Value = (long)(page - 1) * pageSize });
        return await ReadPageAsync(command, ReadTenant, cancellationToken);
    }

    public async Task InsertKeyAsync(KeyRecord key, byte[] sha256, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await InsertKeyAsync(connection, null, key, sha256, cancellationToken);
    }

    public async Task<KeyRecord?> KeyAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"select {KeyColumns} from api_keys where id = $1");
        command.Parameters.Add(new() { Value = id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadKey(reader) : null;
    }

    public async Task<(IReadOnlyList<KeyRecord> Items, long Total)> KeysAsync(string tenant, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"select {KeyColumns}, count(*) over () from api_keys where tenant = $1 order by created_at desc, id limit $2 offset $3");
        command.Parameters.Add(new() { Value = tenant });
        command.Parameters.Add(new() { Value = pageSize });
        command.Parameters.Add(new() { Value = (long)(page - 1) * pageSize });
        return await ReadPageAsync(command, ReadKey, cancellationToken);
    }

    /// <summary>Revokes the key if it is active; either way answers the key as it now stands (null: no such key).</summary>
    public async Task<KeyRecord?> RevokeAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("update api_keys set revoked_at = $2 where id = $1 and revoked_at is null");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = now });
        await command.ExecuteNonQueryAsync(cancellationToken);
        return await KeyAsync(id, cancellationToken);
    }

    /// <summary>
    /// In one transaction: a new key with the old one's tenant, role and name, and the old one revoked and
    /// pointing at it. Null when there is no such key; the old key unchanged when it was revoked already.
    /// </summary>
    public async Task<(KeyRecord? Old, KeyRecord? New)> RotateAsync(Guid id, Guid newId, byte[] sha256, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        KeyRecord? old;
        await using (var select = new NpgsqlCommand($"select {KeyColumns} from api_keys where id = $1 for update", connection, transaction))
        {
            select.Parameters.Add(new() { Value = id });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            old = await reader.ReadAsync(cancellationToken) ? ReadKey(reader) : null;
        }

        if (old is null || old.RevokedAt is not null)
        {
            return (old, null);
        }

        var replacement = old with { Id = newId, CreatedAt = now, RevokedAt = null, ReplacedBy = null };
        await InsertKeyAsync(connection, transaction, replacement, sha256, cancellationToken);
        await using (var revoke = new NpgsqlCommand("update api_keys set revoked_at = $2, replaced_by = $3 where id = $1", connection, transaction))
        {
            revoke.Parameters.Add(new() { Value = id });
            revoke.Parameters.Add(new() { Value = now });
            revoke.Parameters.Add(new() { Value = newId });
            await revoke.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (old with { RevokedAt = now, ReplacedBy = newId }, replacement);
    }

    private const string KeyColumns = "id, tenant, role, name, created_at, revoked_at, replaced_by";

    private static async Task InsertKeyAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, KeyRecord key, byte[] sha256, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "insert into api_keys (id, tenant, role, name, sha256, created_at) values ($1, $2, $3, $4, $5, $6)", connection, transaction);
        command.Parameters.Add(new() { Value = key.Id });
        command.Parameters.Add(new() { Value = key.Tenant });
        command.Parameters.Add(new() { Value = key.Role });
        command.Parameters.Add(new() { Value = key.Name });
        command.Parameters.Add(new() { Value = sha256, NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new() { Value = key.CreatedAt });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static Tenant ReadTenant(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2));

    private static KeyRecord ReadKey(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetFieldValue<DateTimeOffset>(4),
        reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
        reader.IsDBNull(6) ? null : reader.GetGuid(6));

    private static async Task<(IReadOnlyList<T> Items, long Total)> ReadPageAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<T>();
        long total = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(read(reader));
            total = reader.GetInt64(reader.FieldCount - 1);
        }

        return (items, total);
    }
}
