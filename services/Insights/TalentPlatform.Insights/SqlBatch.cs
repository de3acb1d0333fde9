using Npgsql;
using NpgsqlTypes;

namespace TalentPlatform.Insights;

/// <summary>Statements sent to PostgreSQL in one round trip, with typed array parameters for set-based writes.</summary>
internal sealed class SqlBatch(NpgsqlConnection connection)
{
    private readonly NpgsqlBatch _batch = new(connection);

    public bool IsEmpty => _batch.BatchCommands.Count == 0;

    public SqlBatch Add(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        _batch.BatchCommands.Add(command);
        return this;
    }

    public async Task ExecuteAsync(CancellationToken cancellationToken)
    {
        if (!IsEmpty)
        {
            await _batch.ExecuteNonQueryAsync(cancellationToken);
        }

        await _batch.DisposeAsync();
    }

    public static NpgsqlParameter Array<T>(IEnumerable<T> values, NpgsqlDbType type) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | type };

    public static NpgsqlParameter Value(object? value, NpgsqlDbType type) =>
        new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };
}
