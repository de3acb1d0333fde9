using System.Diagnostics;
using Marten;
using Npgsql;

namespace TalentPlatform.Insights;

/// <summary>
/// Keeps <see cref="PayCells"/> current: takes the roles that pay batches marked, and computes each one's cells
/// again from its rows — never a whole table per message, and never in the writers' transactions, so ingest does
/// not wait for percentiles. Woken by the batches of this host (and every half second for those of others), it
/// waits at least as long as its last refresh took before the next, so that under a flood of reports it gives the
/// writers at least half of its time. One host refreshes at a time (a PostgreSQL advisory lock). New FX rates
/// change conversions, so they make every role's cells be computed again.
/// </summary>
public sealed partial class PayCellRefresh(IDocumentStore store, ILogger<PayCellRefresh> logger) : BackgroundService
{
    public const string Position = "pay-cells";

    private const long LockKey = 0x5041_5943_454C_4C53; // "PAYCELLS"
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(20);

    private readonly SemaphoreSlim _nudged = new(0, 1);
    private TaskCompletionSource _cycleEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _ratesRefreshed;

    /// <summary>A batch of this host was committed: refresh soon.</summary>
    public void Nudge()
    {
        try
        {
            _nudged.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already nudged.
        }
    }

    /// <summary>Completes once every row committed before the call is in the cells (for tests and the bench).</summary>
    public async Task CaughtUpAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var ended = Volatile.Read(ref _cycleEnded).Task;
            Nudge();
            await ended.WaitAsync(cancellationToken);
            await using var connection = await OpenAsync(cancellationToken);
            if (!await PendingAsync(connection, cancellationToken))
            {
                return;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pause = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            await _nudged.WaitAsync(Poll, stoppingToken);
            await Task.Delay(pause > Gather ? pause : Gather, stoppingToken);
            var started = Stopwatch.GetTimestamp();
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(exception);
            }
            finally
            {
                Interlocked.Exchange(ref _cycleEnded, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }

            pause = Stopwatch.GetElapsedTime(started);
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        if (!await ScalarAsync<bool>(connection, $"select pg_try_advisory_lock({LockKey})", cancellationToken))
        {
            return;
        }

        try
        {
            await using var session = store.QuerySession();
            var rates = await session.Query<FxRate>().ToListAsync(cancellationToken);
            var fingerprint = Fingerprint(rates);

            var roles = (await ListAsync<string>(connection, $"select distinct role from {PayRows.Marks}", cancellationToken)).ToHashSet(StringComparer.Ordinal);
            if (fingerprint != _ratesRefreshed)
            {
                roles.UnionWith(await ListAsync<string>(connection, $"select distinct role from {PayCells.Table}", cancellationToken));
                roles.UnionWith(await ListAsync<string>(connection, $"select distinct role from {PayRows.Table}", cancellationToken));
            }

            var usd = new UsdRates(rates);
            foreach (var role in roles.Order(StringComparer.Ordinal))
            {
                // The role's marks are taken in the transaction that writes its cells, before its rows are read: a
                // batch committed later leaves its mark for the next round (marks are only ever inserted, so the
                // writers never wait on this), and a refresh that fails leaves every mark it took.
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var take = new NpgsqlCommand($"delete from {PayRows.Marks} where role = $1", connection, transaction) { Parameters = { new() { Value = role } } })
                {
                    await take.ExecuteNonQueryAsync(cancellationToken);
                }

                var facts = await PayRows.ReadAsync(connection, role, null, null, null, cancellationToken);
                await PayCells.WriteAsync(connection, transaction, role, PayCells.Compute(facts, usd), cancellationToken);
                await ReadModelPositions.AdvanceAsync(connection, transaction, Position, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            _ratesRefreshed = fingerprint;
            if (roles.Count > 0)
            {
                LogRefreshed(roles.Count);
            }
        }
        finally
        {
            await ScalarAsync<bool>(connection, $"select pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
    }

    private async Task<bool> PendingAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (await ScalarAsync<bool>(connection, $"select exists (select 1 from {PayRows.Marks})", cancellationToken))
        {
            return true;
        }

        await using var session = store.QuerySession();
        return Fingerprint(await session.Query<FxRate>().ToListAsync(cancellationToken)) != _ratesRefreshed;
    }

    private static string Fingerprint(IReadOnlyList<FxRate> rates) =>
        string.Join(",", rates.Select(rate => rate.Id).Order());

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<List<T>> ListAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var values = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Refreshing the pay cells failed; the marks are kept for the next round")]
    private partial void LogFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pay cells of {Roles} roles computed again")]
    private partial void LogRefreshed(int roles);
}
