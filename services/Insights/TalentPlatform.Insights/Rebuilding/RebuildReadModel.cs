using System.Threading.Channels;
using JasperFx.Events.Projections;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Insights.Rebuilding;

public enum RebuildState
{
    Queued,
    Running,
    Completed,
    Failed,
}

/// <summary>One rebuild of a read model from Insights' own copy of the events, and how far it got.</summary>
public sealed record RebuildStatus(
    Guid Id,
    string Projection,
    RebuildState State,
    DateTimeOffset RequestedAt,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? FinishedAt = null,
    long? EventsToReplay = null,
    int? DocumentsBefore = null,
    int? DocumentsAfter = null,
    string? Error = null)
{
    /// <summary>Events replayed so far, while running (read from the daemon's progress).</summary>
    public long? EventsReplayed { get; init; }
}

public sealed record RebuildRequest(string Projection);

/// <summary>Rebuilds run one at a time, in the background; clients follow the status URL.</summary>
internal sealed partial class RebuildWorker(IDocumentStore store, TimeProvider time, ILogger<RebuildWorker> logger) : BackgroundService
{
    private readonly Channel<Guid> _queue = Channel.CreateUnbounded<Guid>();

    public ValueTask EnqueueAsync(Guid id, CancellationToken cancellationToken) => _queue.Writer.WriteAsync(id, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            await using var session = store.LightweightSession();
            var status = await session.LoadAsync<RebuildStatus>(id, stoppingToken);
            if (status is null)
            {
                continue;
            }

            var documentType = DocumentType(status.Projection);
            var before = documentType is null ? (int?)null : await CountAsync(documentType, stoppingToken);
            var highWater = (await store.Advanced.AllProjectionProgress(token: stoppingToken)).FirstOrDefault(shard => shard.ShardName == "HighWaterMark")?.Sequence;
            session.Store(status with { State = RebuildState.Running, StartedAt = time.GetUtcNow(), DocumentsBefore = before, EventsToReplay = highWater });
            await session.SaveChangesAsync(stoppingToken);
            try
            {
                using var daemon = await store.BuildProjectionDaemonAsync();
                await daemon.RebuildProjectionAsync(status.Projection, TimeSpan.FromMinutes(10), stoppingToken);
                var after = documentType is null ? (int?)null : await CountAsync(documentType, stoppingToken);
                session.Store(status with
                {
                    State = RebuildState.Completed,
                    StartedAt = status.StartedAt ?? time.GetUtcNow(),
                    FinishedAt = time.GetUtcNow(),
                    DocumentsBefore = before,
                    DocumentsAfter = after,
                    EventsToReplay = highWater,
                    EventsReplayed = highWater,
                });
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(exception, status.Projection);
                session.Store(status with { State = RebuildState.Failed, FinishedAt = time.GetUtcNow(), Error = "The rebuild failed; see the service log." });
            }

            await session.SaveChangesAsync(stoppingToken);
        }
    }

    private Type? DocumentType(string projection) =>
        (store.Options.Events.Projections().FirstOrDefault(source => source.Name == projection) as IPublishesTypes)?.PublishedTypes().FirstOrDefault();

    private async Task<int> CountAsync(Type documentType, CancellationToken cancellationToken)
    {
        var table = store.Options.FindOrResolveDocumentType(documentType).TableName.QualifiedName;
        await using var session = store.QuerySession();
        var counts = await session.AdvancedSql.QueryAsync<int>($"select count(*)::int from {table}", cancellationToken);
        return counts[0];
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Rebuilding {Projection} failed")]
    private partial void LogFailed(Exception exception, string projection);
}

internal sealed class RebuildEndpoints : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/insights/admin/rebuilds", StartAsync).RequireAuthorization(Policies.Admin).WithName("StartRebuild")
            .WithSummary("Rebuild a read model from Insights' own events: 202 with a status URL that reports progress.");
        app.MapGet("/api/insights/admin/rebuilds/{id:guid}", GetAsync).RequireAuthorization(Policies.Admin).WithName("GetRebuild");
    }

    private static async Task<IResult> StartAsync(RebuildRequest request, IDocumentSession session, RebuildWorker worker, TimeProvider time, HttpContext http)
    {
        var names = session.DocumentStore.Options.Events.Projections().Select(source => source.Name).Order(StringComparer.Ordinal).ToList();
        if (!names.Contains(request.Projection))
        {
            return TypedResults.ValidationProblem(
                new ValidationErrors().Add("projection", $"One of {string.Join(", ", names)}.").ToDictionary(),
                title: "No such projection.");
        }

        var now = time.GetUtcNow();
        var status = new RebuildStatus(Guid.CreateVersion7(now), request.Projection, RebuildState.Queued, now);
        session.Store(status);
        await session.SaveChangesAsync(http.RequestAborted);
        await worker.EnqueueAsync(status.Id, http.RequestAborted);
        return TypedResults.Accepted($"/api/insights/admin/rebuilds/{status.Id}", status);
    }

    private static async Task<IResult> GetAsync(Guid id, IQuerySession session, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<RebuildStatus>(id, cancellationToken) is not { } status)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such rebuild.");
        }

        if (status.State == RebuildState.Running)
        {
            var shard = (await session.DocumentStore.Advanced.AllProjectionProgress(token: cancellationToken))
                .FirstOrDefault(progress => progress.ShardName.StartsWith(status.Projection + ":", StringComparison.Ordinal));
            status = status with { EventsReplayed = shard?.Sequence };
        }

        return TypedResults.Ok(status);
    }
}
