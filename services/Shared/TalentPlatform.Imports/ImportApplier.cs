using System.Threading.Channels;
using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TalentPlatform.Imports;

/// <summary>
/// Applies all-or-nothing imports once their whole upload was found good, in the background, chunk by chunk;
/// each chunk records how far it got in its own transaction, so an import interrupted by a restart is taken
/// up again where it stopped when the service starts.
/// </summary>
internal sealed partial class ImportApplier(IServiceProvider services, ImportCatalog catalog, IDocumentStore store, ILogger<ImportApplier> logger)
    : BackgroundService
{
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>();

    public void Enqueue(string importId) => _queue.Writer.TryWrite(importId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var id in Unfinished(stoppingToken))
        {
            Enqueue(id);
        }

        await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            await ApplyAsync(id, stoppingToken);
        }
    }

    private async IAsyncEnumerable<string> Unfinished([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IReadOnlyList<string> ids;
        try
        {
            await using var session = store.QuerySession();
            ids = await session.Query<Import>()
                .Where(import => import.State == ImportState.Applying)
                .Select(import => import.Id)
                .ToListAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogResumeFailed(exception);
            yield break;
        }

        foreach (var id in ids)
        {
            yield return id;
        }
    }

    private async Task ApplyAsync(string id, CancellationToken cancellationToken)
    {
        var importServices = catalog.Services(services);
        var delay = TimeSpan.FromMilliseconds(200);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var session = store.QuerySession();
                if (await session.LoadAsync<Import>(id, cancellationToken) is not { State: ImportState.Applying } import
                    || catalog.Find(import.Kind) is not { } kind)
                {
                    return;
                }

                await catalog.RunnerOf(kind, importServices).ApplyHeldAsync(import, cancellationToken);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The rows already applied are recorded with their chunk: a retry goes on after them.
                LogApplyFailed(exception, id, delay);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applying import {ImportId} failed; retrying in {Delay}")]
    private partial void LogApplyFailed(Exception exception, string importId, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Imports left applying could not be listed; they resume at the next start")]
    private partial void LogResumeFailed(Exception exception);
}
