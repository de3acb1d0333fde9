using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace TalentPlatform.Insights;

/// <summary>
/// Where answers and writers find the live generation of Insights' read models, its FX rates and its positions.
/// Answers read the generation that was live a moment ago (it stays whole until it has been retired for a while);
/// writers lock the live one in their own transaction (<see cref="BeginWriteAsync"/>).
/// </summary>
internal sealed class ReadModels(IDocumentStore store)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromMilliseconds(250);
    private readonly ConcurrentDictionary<int, Task<UsdRates>> _rates = new();
    private (Generation Generation, long ReadAt)? _live;

    public NpgsqlConnection CreateConnection() => store.Storage.Database.CreateConnection();

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = CreateConnection();
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>The live generation as of at most a quarter of a second ago.</summary>
    public async Task<Generation> LiveAsync(CancellationToken cancellationToken)
    {
        if (_live is { } cached && Stopwatch.GetElapsedTime(cached.ReadAt) < Fresh)
        {
            return cached.Generation;
        }

        await using var connection = await OpenAsync(cancellationToken);
        var live = await Generations.LiveAsync(connection, cancellationToken);
        if (live is null)
        {
            await EnsureFirstAsync(cancellationToken);
            live = await Generations.LiveAsync(connection, cancellationToken) ?? throw new InvalidOperationException("No live generation after creating the first.");
        }

        _live = (live, Stopwatch.GetTimestamp());
        return live;
    }

    /// <summary>Creates the first generation when there is none (an empty store), with the FX rates recorded now.</summary>
    public async Task EnsureFirstAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await Generations.EnsureFirstAsync(connection, await CurrentRatesAsync(cancellationToken), cancellationToken);
    }

    /// <summary>Forgets the cached live generation (after a swap on this host).</summary>
    public void Forget() => _live = null;

    /// <summary>The FX rates a generation converts with: those recorded when it was started.</summary>
    public Task<UsdRates> RatesAsync(Generation generation) =>
        _rates.GetOrAdd(generation.Id, _ => LoadRatesAsync(generation.Rates));

    /// <summary>The ids of every FX rate recorded now (a generation with other rates is rebuilt).</summary>
    public async Task<IReadOnlyList<Guid>> CurrentRatesAsync(CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return [.. (await session.Query<FxRate>().Select(rate => rate.Id).ToListAsync(cancellationToken)).Order()];
    }

    /// <summary>The FX rates recorded at or before <paramref name="knownAt"/>: what an as-of answer converts with.</summary>
    public async Task<IReadOnlyList<FxRate>> RatesKnownAtAsync(DateTimeOffset knownAt, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return [.. (await session.Query<FxRate>().ToListAsync(cancellationToken)).Where(rate => rate.RecordedAt <= knownAt)];
    }

    /// <summary>Opens a transaction on the generation live at this moment, locked for share until it ends, with a writer for it.</summary>
    public async Task<WriteScope> BeginWriteAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var generation = await Generations.LockLiveAsync(connection, EnsureFirstAsync, cancellationToken);
            var rates = await RatesAsync(generation);
            return new WriteScope(connection, transaction, generation, new ReadModelWriter(connection, generation, rates));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The sum of the named models' positions in a generation: it grows with every transaction that changes one of them.</summary>
    public static async Task<long> PositionAsync(NpgsqlConnection connection, Generation generation, IReadOnlyList<string> models, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"select coalesce(sum(n), 0)::bigint from {generation.Schema}.positions where model = any($1)", connection)
        {
            Parameters = { new() { Value = models.ToArray() } },
        };
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<UsdRates> LoadRatesAsync(IReadOnlyList<Guid> ids)
    {
        await using var session = store.QuerySession();
        var rates = ids.Count == 0 ? [] : await session.LoadManyAsync<FxRate>(ids);
        return new UsdRates([.. rates]);
    }
}

/// <summary>One writer's transaction on the live generation; disposing it without committing rolls everything back.</summary>
internal sealed class WriteScope(NpgsqlConnection connection, NpgsqlTransaction transaction, Generation generation, ReadModelWriter writer) : IAsyncDisposable
{
    public NpgsqlTransaction Transaction => transaction;

    public Generation Generation => generation;

    public ReadModelWriter Writer => writer;

    public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
