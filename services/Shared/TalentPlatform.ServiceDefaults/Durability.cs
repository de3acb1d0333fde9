using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace TalentPlatform.ServiceDefaults;

/// <summary>
/// "A 201 is durable" holds only when PostgreSQL flushes a commit's WAL before it answers. With
/// <c>synchronous_commit = off</c> (set on the server, the database, the login or the connection) a crash
/// loses the last commits that were already answered. Each host reads the setting through its own connection
/// when it starts and refuses to start when it is off; <c>Talent:Durability:AllowAsynchronousCommit=true</c>
/// (for a throwaway benchmark, say) starts it anyway, with an error in the log.
/// </summary>
public static partial class Durability
{
    public const string AllowAsynchronousCommitSetting = "Talent:Durability:AllowAsynchronousCommit";

    /// <summary>Reads <c>synchronous_commit</c> as a session of this host sees it; throws <see cref="DurabilityException"/> when it is off and that is not allowed.</summary>
    public static async Task CheckAsync(NpgsqlConnection connection, IConfiguration configuration, ILogger logger, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("show synchronous_commit", connection);
        var setting = (string?)await command.ExecuteScalarAsync(cancellationToken) ?? "";

        // on, remote_apply, remote_write and local all flush the commit on this server before answering.
        if (!setting.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (configuration.GetValue(AllowAsynchronousCommitSetting, false))
        {
            LogAsynchronousCommit(logger, connection.Database);
            return;
        }

        throw new DurabilityException(
            $"PostgreSQL runs database {connection.Database} with synchronous_commit = off: a crash would lose commits already answered 201. " +
            $"Turn it on (server, database and login settings), or set {AllowAsynchronousCommitSetting}=true to start anyway.");
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "PostgreSQL runs database {Database} with synchronous_commit = off: commits answered 201 can be lost in a crash. Starting anyway because Talent:Durability:AllowAsynchronousCommit is true.")]
    private static partial void LogAsynchronousCommit(ILogger logger, string database);
}

/// <summary>The database would answer a commit before it is durable.</summary>
public sealed class DurabilityException(string message) : Exception(message);
