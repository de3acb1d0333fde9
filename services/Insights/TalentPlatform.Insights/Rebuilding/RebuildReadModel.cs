using System.Diagnostics;
using Npgsql;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Insights.Rebuilding;

public sealed record RebuildRequest(string? Reason);

/// <summary>A rebuild (a generation of the read models) and how far it has come.</summary>
public sealed record RebuildStatus(
    int Id,
    string State,
    string Reason,
    DateTimeOffset RequestedAt,
    DateTimeOffset? LiveAt,
    DateTimeOffset? FinishedAt,
    long EventsTotal,
    long EventsDone,
    double? EventsPerSecond,
    string? Error)
{
    public static RebuildStatus Of(Generation generation) => new(
        generation.Id,
        generation.State.ToString().ToLowerInvariant(),
        generation.Reason,
        generation.RequestedAt,
        generation.LiveAt,
        generation.FinishedAt,
        generation.EventsTotal,
        generation.EventsDone,
        generation.EventsPerSecond,
        generation.Error);
}

/// <summary>
/// Starts a rebuild of every read model (admins only): a new generation built beside the live one from Insights' own
/// events, swapped in when it has caught up. The status reports events done and to do, and events per second.
/// </summary>
internal sealed class RebuildEndpoints : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/insights/admin/rebuilds", StartAsync).RequireAuthorization(Policies.Admin).WithName("StartRebuild").Starts<RebuildStatus>().ProducesValidationProblem()
            .WithSummary("Rebuild Insights' read models beside the live ones from Insights' own events (blue/green): 202 with a status URL that reports progress; a rebuild already queued or running is answered instead.");
        app.MapGet("/api/insights/admin/rebuilds/{id:int}", GetAsync).RequireAuthorization(Policies.Admin).WithName("GetRebuild").Produces<RebuildStatus>().ProducesProblem(StatusCodes.Status404NotFound).WithSummary("A rebuild of Insights' read models: its state, events done and to do, and events per second.");
    }

    private static async Task<IResult> StartAsync(RebuildRequest? request, ReadModels readModels, Rebuilder rebuilder, TimeProvider time, CancellationToken cancellationToken)
    {
        var reason = request?.Reason ?? "asked for by an admin";
        if (reason.Length > 200)
        {
            return TypedResults.ValidationProblem(new ValidationErrors().Add("reason", "At most 200 characters.").ToDictionary(), title: "The rebuild request is not valid.");
        }

        var generation = await rebuilder.QueueAsync(reason, time.GetUtcNow(), cancellationToken);
        return TypedResults.Accepted($"/api/insights/admin/rebuilds/{generation.Id}", RebuildStatus.Of(generation));
    }

    private static async Task<IResult> GetAsync(int id, ReadModels readModels, CancellationToken cancellationToken)
    {
        await using var connection = await readModels.OpenAsync(cancellationToken);
        return await Generations.FindAsync(connection, id, cancellationToken) is { } generation
            ? TypedResults.Ok(RebuildStatus.Of(generation))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such rebuild.");
    }
}

/// <summary>
/// Builds queued generations, one at a time across hosts (the host building holds a lock for as long as it builds;
/// a generation left "building" by a host that went away is marked failed). Queues one itself when the FX rates or
/// the tables' shape no longer match the live generation's, and drops the schemas of generations retired a while ago.
/// </summary>
internal sealed partial class Rebuilder(IDocumentStore store, ReadModels readModels, TimeProvider time, ILogger<Rebuilder> logger) : BackgroundService
{
    private const int Page = 10_000;

    /// <summary>How long a retired generation stays readable for answers that resolved it just before the swap.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    /// <summary>A sequence number missing for this long belongs to a transaction that rolled back.</summary>
    private static readonly TimeSpan GapLifetime = TimeSpan.FromSeconds(60);

    private readonly SemaphoreSlim _nudged = new(0, 1);

    /// <summary>Queues a rebuild (or returns the one already queued or running).</summary>
    public async Task<Generation> QueueAsync(string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await readModels.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await Generations.ExecuteAsync(connection, $"select pg_advisory_xact_lock({Generations.LockClass}, 1)", cancellationToken);
        var generation = await Generations.PendingAsync(connection, cancellationToken);
        if (generation is null)
        {
            var id = await Generations.NextIdAsync(connection, cancellationToken);
            generation = new Generation(id, Generations.SchemaOf(id), ReadModelTables.Shape, GenerationState.Queued, [], reason, now, null, 0, 0, null, null, null);
            await Generations.InsertAsync(connection, generation, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        try
        {
            _nudged.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already nudged.
        }

        return generation;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Started after the shipped FX rates are recorded: a first generation made now converts with them.
        await readModels.EnsureFirstAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(exception);
            }

            await _nudged.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
        }
    }

    private async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        // The build lock is held on this connection (a session lock) for as long as the build runs.
        await using var connection = await readModels.OpenAsync(cancellationToken);
        if (!await Generations.ScalarAsync<bool>(connection, $"select pg_try_advisory_lock({Generations.LockClass}, 2)", cancellationToken))
        {
            return;
        }

        try
        {
            foreach (var retired in await Generations.RetiredAsync(connection, Grace, cancellationToken))
            {
                await ReadModelTables.DropAsync(connection, retired.Schema, cancellationToken);
                await Generations.MarkDroppedAsync(connection, retired.Id, cancellationToken);
            }

            var pending = await Generations.PendingAsync(connection, cancellationToken);
            if (pending?.State == GenerationState.Building)
            {
                // Nobody else holds the build lock: the host that was building it went away.
                await Generations.UpdateAsync(connection, pending with { State = GenerationState.Failed, FinishedAt = time.GetUtcNow(), Error = "The host building it stopped." }, cancellationToken);
                pending = null;
            }

            var live = await Generations.LiveAsync(connection, cancellationToken);
            var rates = await readModels.CurrentRatesAsync(cancellationToken);
            if (pending is null && live is not null)
            {
                var reason = live.Shape != ReadModelTables.Shape ? "the read models' shape changed"
                    : !live.Rates.Order().SequenceEqual(rates) ? "the FX rates changed"
                    : null;
                if (reason is not null)
                {
                    pending = await QueueAsync(reason, time.GetUtcNow(), cancellationToken);
                }
            }

            if (pending is not null)
            {
                await BuildAsync(connection, pending with { Rates = rates }, cancellationToken);
            }
        }
        finally
        {
            await Generations.ExecuteAsync(connection, $"select pg_advisory_unlock({Generations.LockClass}, 2)", CancellationToken.None);
        }
    }

    /// <summary>
    /// Replays every event kept, in pages, into the new generation's tables; builds their indexes; catches up; then,
    /// with the live generation locked (writers wait a moment), applies what arrived meanwhile and swaps.
    /// </summary>
    private async Task BuildAsync(NpgsqlConnection connection, Generation generation, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var started = time.GetUtcNow();
        generation = generation with { State = GenerationState.Building, Schema = Generations.SchemaOf(generation.Id), Shape = ReadModelTables.Shape };
        try
        {
            await ReadModelTables.DropAsync(connection, generation.Schema, cancellationToken);
            await ReadModelTables.CreateAsync(connection, generation.Schema, withSecondaryIndexes: false, cancellationToken);
            var total = await Generations.ScalarAsync<long>(connection, $"select count(*) from {store.Options.Events.DatabaseSchemaName}.mt_events", cancellationToken);
            generation = generation with { EventsTotal = total };
            await Generations.UpdateAsync(connection, generation, cancellationToken);
            LogStarted(generation.Id, generation.Reason, total);

            var rates = await readModels.RatesAsync(generation);
            var replay = new Replay(store, connection, generation, rates);
            while (await replay.NextPageAsync(final: false, cancellationToken))
            {
                generation = generation with { EventsDone = replay.Done, EventsTotal = Math.Max(total, replay.Done), EventsPerSecond = replay.Done / clock.Elapsed.TotalSeconds };
                await Generations.UpdateAsync(connection, generation, cancellationToken);
            }

            await ReadModelTables.CreateIndexesAsync(connection, generation.Schema, cancellationToken);
            while (await replay.NextPageAsync(final: false, cancellationToken))
            {
            }

            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                var live = await Generations.LockLiveForSwapAsync(connection, cancellationToken);
                while (await replay.NextPageAsync(final: true, cancellationToken))
                {
                }

                var now = time.GetUtcNow();
                if (live is not null)
                {
                    await Generations.UpdateAsync(connection, live with { State = GenerationState.Retired, FinishedAt = now }, cancellationToken);
                }

                generation = generation with
                {
                    State = GenerationState.Live,
                    LiveAt = now,
                    FinishedAt = now,
                    EventsDone = replay.Done,
                    EventsTotal = Math.Max(total, replay.Done),
                    EventsPerSecond = replay.Done / clock.Elapsed.TotalSeconds,
                };
                await Generations.UpdateAsync(connection, generation, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            readModels.Forget();
            LogSwapped(generation.Id, replay.Done, clock.Elapsed.TotalSeconds, generation.EventsPerSecond ?? 0, started);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogBuildFailed(exception, generation.Id);
            await Generations.UpdateAsync(connection, generation with { State = GenerationState.Failed, FinishedAt = time.GetUtcNow(), Error = "The rebuild failed; see the service log." }, CancellationToken.None);
        }
    }

    /// <summary>
    /// Reads the events kept in sequence order, a page at a time, and applies each page in one transaction. A sequence
    /// number missing between two read is a transaction still running (or one that rolled back): it is looked for
    /// again with every page, and once more when the live generation is locked for the swap, when every transaction
    /// that could still add an event has finished.
    /// </summary>
    private sealed class Replay(IDocumentStore store, NpgsqlConnection connection, Generation generation, UsdRates rates)
    {
        private readonly Dictionary<long, long> _gaps = [];
        private long _last;

        public long Done { get; private set; }

        /// <summary>Applies the next page (and any gap filled since); false when there was nothing.</summary>
        public async Task<bool> NextPageAsync(bool final, CancellationToken cancellationToken)
        {
            await using var session = store.QuerySession();
            var gaps = _gaps.Keys.ToArray();
            var events = await session.Events.QueryAllRawEvents()
                .Where(e => e.Sequence > _last)
                .OrderBy(e => e.Sequence)
                .Take(Page)
                .ToListAsync(cancellationToken);
            var filled = gaps.Length == 0 ? [] : await session.Events.QueryAllRawEvents().Where(e => gaps.Contains(e.Sequence)).ToListAsync(cancellationToken);
            if (events.Count == 0 && filled.Count == 0)
            {
                if (final)
                {
                    _gaps.Clear();
                }

                return false;
            }

            var now = Stopwatch.GetTimestamp();
            foreach (var gap in filled)
            {
                _gaps.Remove(gap.Sequence);
            }

            var expected = _last + 1;
            foreach (var e in events)
            {
                for (var missing = expected; missing < e.Sequence; missing++)
                {
                    _gaps[missing] = now;
                }

                expected = e.Sequence + 1;
            }

            foreach (var stale in _gaps.Where(gap => Stopwatch.GetElapsedTime(gap.Value, now) > GapLifetime).Select(gap => gap.Key).ToList())
            {
                _gaps.Remove(stale);
            }

            // The final pages are applied in the swap's own transaction.
            await using var transaction = final ? null : await connection.BeginTransactionAsync(cancellationToken);
            var writer = new ReadModelWriter(connection, generation, rates);
            await writer.ApplyAsync([.. filled.Concat(events).Select(e => e.Data)], cancellationToken);
            await writer.FlushAsync(cancellationToken);
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }

            Done += events.Count + filled.Count;
            if (events.Count > 0)
            {
                _last = events[^1].Sequence;
            }

            return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rebuilding the read models as generation {Generation} ({Reason}): about {Events} events")]
    private partial void LogStarted(int generation, string reason, long events);

    [LoggerMessage(Level = LogLevel.Information, Message = "Generation {Generation} is live: {Events} events in {Seconds:0.0} s ({PerSecond:0} events/s), started {Started}")]
    private partial void LogSwapped(int generation, long events, double seconds, double perSecond, DateTimeOffset started);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rebuilding generation {Generation} failed")]
    private partial void LogBuildFailed(Exception exception, int generation);

    [LoggerMessage(Level = LogLevel.Error, Message = "The rebuild loop failed; trying again")]
    private partial void LogFailed(Exception exception);
}
