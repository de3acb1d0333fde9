using Marten;
using Npgsql;

namespace TalentPlatform.EventStore;

/// <summary>
/// A section of code that one request at a time runs, across every instance of a service: a PostgreSQL
/// advisory lock held on a connection of its own until the section ends (or the process dies, which closes
/// the connection and frees it). For decisions that read several streams and append to one, where
/// optimistic concurrency on the one stream cannot see what another request is about to write to another
/// (two parent changes that together close a cycle).
/// </summary>
public sealed class ExclusiveSection : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly long _key;

    private ExclusiveSection(NpgsqlConnection connection, long key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>Waits until no other request is inside the section called <paramref name="name"/>, then enters it.</summary>
    public static async Task<ExclusiveSection> EnterAsync(IDocumentSession session, string name, CancellationToken cancellationToken)
    {
        var key = KeyOf(name);
        var connection = session.DocumentStore.Storage.Database.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("select pg_advisory_lock($1)", connection) { Parameters = { new() { Value = key } } };
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new ExclusiveSection(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand("select pg_advisory_unlock($1)", _connection) { Parameters = { new() { Value = _key } } };
            await command.ExecuteNonQueryAsync();
        }
        finally
        {
            // Closing the connection frees the lock even when the unlock could not be sent.
            await _connection.DisposeAsync();
        }
    }

    // A stable 64-bit key per name (string.GetHashCode differs between processes, so instances would not agree).
    private static long KeyOf(string name) =>
        BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("talent:" + name)));
}
