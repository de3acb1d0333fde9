using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TalentPlatform.EventStore;

internal sealed class DatabaseHealthCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = store.Storage.Database.CreateConnection();
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "select 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The exception message can name hosts and users; the report says only what failed.
            return HealthCheckResult.Unhealthy("The event store database does not answer.");
        }
    }
}

/// <summary>
/// How far each async projection and subscription trails the events appended so far. A shard that trails
/// by more than <c>Talent:MaxProjectionLag</c> events (default 1000) makes the host degraded: it still
/// serves, but readers see old data and publishers are behind (a broker outage shows here first).
/// </summary>
internal sealed class ProjectionLagHealthCheck(IDocumentStore store, IConfiguration configuration) : IHealthCheck
{
    private const string HighWaterMark = "HighWaterMark";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ShardState> shards;
        try
        {
            shards = await store.Advanced.AllProjectionProgress(token: cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Projection progress cannot be read.");
        }

        var highWater = shards.FirstOrDefault(shard => shard.ShardName == HighWaterMark)?.Sequence ?? 0;
        // Projection and subscription shards are named "<name>:<shard>"; the daemon's own rows are not.
        var lags = shards
            .Where(shard => shard.ShardName.Contains(':', StringComparison.Ordinal))
            .ToDictionary(shard => shard.ShardName, shard => (object)Math.Max(0, highWater - shard.Sequence));
        lags[HighWaterMark] = highWater;

        var maxLag = configuration.GetValue("Talent:MaxProjectionLag", 1000L);
        var behind = lags.Where(lag => lag.Key != HighWaterMark && (long)lag.Value > maxLag).Select(lag => lag.Key).ToList();
        return behind.Count == 0
            ? HealthCheckResult.Healthy(data: lags)
            : HealthCheckResult.Degraded($"More than {maxLag} events behind: {string.Join(", ", behind)}.", data: lags);
    }
}
