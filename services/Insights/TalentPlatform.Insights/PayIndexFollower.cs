using Npgsql;

namespace TalentPlatform.Insights;

/// <summary>
/// Keeps this host's <see cref="PayIndex"/> current: reads the live generation's pay rows in the order of the
/// transactions that wrote them, below the oldest transaction still running (rows below it are final: no transaction
/// that could still add one is running), so every host applies every row once, whichever host's consumer wrote it.
/// Woken by this host's consumers, and every 200 ms for the others'. When another generation goes live, a new index
/// is loaded beside the served one and replaces it once it has caught up: answers never read a half-loaded index.
/// </summary>
internal sealed partial class PayIndexFollower(ReadModels readModels, ILogger<PayIndexFollower> logger) : BackgroundService
{
    private const int Page = 5_000;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    private readonly SemaphoreSlim _nudged = new(0, 1);
    private TaskCompletionSource _cycleEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The index answers read; null until the first one is loaded.</summary>
    public PayIndex? Current { get; private set; }

    /// <summary>Rows were committed on this host: read them soon.</summary>
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

    /// <summary>Completes once every pay row committed before the call is in the index of the generation live then (or a later one).</summary>
    public async Task CaughtUpAsync(CancellationToken cancellationToken)
    {
        var live = await readModels.LiveAsync(cancellationToken);
        long target;
        await using (var connection = await readModels.OpenAsync(cancellationToken))
        {
            target = await Generations.ScalarAsync<long>(connection, "select pg_snapshot_xmax(pg_current_snapshot())::text::bigint", cancellationToken);
        }

        while (Current is not { } index || index.Generation.Id < live.Id || (index.Generation.Id == live.Id && index.Watermark < target))
        {
            var ended = Volatile.Read(ref _cycleEnded).Task;
            Nudge();
            await ended.WaitAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await readModels.OpenAsync(stoppingToken);
                var live = await Generations.LiveAsync(connection, stoppingToken);
                if (live is not null && Current?.Generation.Id != live.Id)
                {
                    var loaded = new PayIndex(live, await readModels.RatesAsync(live));
                    await CatchUpAsync(connection, loaded, stoppingToken);
                    Current = loaded;
                    LogLoaded(live.Id, loaded.Applied);
                }
                else if (Current is { } index)
                {
                    await CatchUpAsync(connection, index, stoppingToken);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(exception);
            }
            finally
            {
                Interlocked.Exchange(ref _cycleEnded, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }

            await _nudged.WaitAsync(Poll, stoppingToken);
        }
    }

    private static async Task CatchUpAsync(NpgsqlConnection connection, PayIndex index, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (lastTx, lastId) = index.Last;
            await using var command = new NpgsqlCommand(
                $"""
                with mark as (select pg_snapshot_xmin(pg_current_snapshot())::text::bigint as below)
                select mark.below, r.* from mark left join lateral (
                    select {PayRows.SelectColumns}, tx from {index.Generation.Schema}.pay_rows
                    where (tx, id) > ($1, $2) and tx < mark.below order by tx, id limit {Page}) r on true
                """,
                connection)
            {
                Parameters = { new() { Value = lastTx }, new() { Value = lastId } },
            };
            var rows = new List<(PayFact Fact, long Tx)>();
            var watermark = 0L;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    watermark = reader.GetInt64(0);
                    if (!reader.IsDBNull(1))
                    {
                        rows.Add((PayRows.Read(reader, offset: 1), reader.GetInt64(32)));
                    }
                }
            }

            // Every row below the mark is in only once the last page below it is.
            index.Apply(rows, rows.Count < Page ? watermark : index.Watermark);
            if (rows.Count < Page)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pay index of generation {Generation} loaded: {Rows} rows")]
    private partial void LogLoaded(int generation, long rows);

    [LoggerMessage(Level = LogLevel.Error, Message = "Following the pay rows failed; trying again")]
    private partial void LogFailed(Exception exception);
}
