using Marten;
using Marten.Services;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace TalentPlatform.EventStore;

/// <summary>
/// Marten's default logger writes failed commands at Error with their parameter values, which are event
/// and document bodies: customer data. Failures reach the caller as exceptions anyway; here they are
/// logged at Debug, with the SQL text but never its parameters.
/// </summary>
internal sealed class RedactingMartenLogger(ILoggerFactory loggers) : IMartenLogger, IMartenSessionLogger
{
    private readonly ILogger _logger = loggers.CreateLogger("Marten");

    public IMartenSessionLogger StartSession(IQuerySession session) => this;

    public void SchemaChange(string sql) => _logger.LogDebug("Marten applied a schema change");

    public void LogSuccess(NpgsqlCommand command)
    {
    }

    public void LogSuccess(NpgsqlBatch batch)
    {
    }

    public void LogFailure(NpgsqlCommand command, Exception ex) =>
        _logger.LogDebug("Marten command failed ({Error}): {Sql}", ex.GetType().Name, command.CommandText);

    public void LogFailure(NpgsqlBatch batch, Exception ex) =>
        _logger.LogDebug("Marten batch of {Count} commands failed ({Error})", batch.BatchCommands.Count, ex.GetType().Name);

    public void LogFailure(Exception ex, string message) =>
        _logger.LogDebug("Marten operation failed ({Error}): {Message}", ex.GetType().Name, message);

    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit)
    {
    }

    public void OnBeforeExecute(NpgsqlCommand command)
    {
    }

    public void OnBeforeExecute(NpgsqlBatch batch)
    {
    }
}
