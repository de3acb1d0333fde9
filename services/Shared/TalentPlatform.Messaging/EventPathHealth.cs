using System.Collections.Concurrent;
using JasperFx.Events;
using Marten;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace TalentPlatform.Messaging;

/// <summary>
/// What the publisher is stuck on: each event whose publish has failed and not yet succeeded, with how often and
/// since when. The publisher holds every later event behind the oldest of them, so that one is the pipeline's cause.
/// </summary>
public sealed class PublisherStatus(TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, FailingPublish> _failing = new();

    /// <summary>The oldest event whose publish keeps failing, or null when nothing is failing.</summary>
    public FailingPublish? Oldest => _failing.Values.MinBy(failing => failing.Sequence);

    internal void Failed(IEvent @event, string contract, int attempt, Exception exception) =>
        _failing.AddOrUpdate(
            @event.Id,
            _ => new FailingPublish(@event.Sequence, @event.Id, contract, attempt, time.GetUtcNow(), exception.GetType().Name),
            (_, failing) => failing with { Attempts = attempt, LastError = exception.GetType().Name });

    internal void Published(IEvent @event) => _failing.TryRemove(@event.Id, out _);
}

/// <param name="Sequence">The event's sequence in the service's store.</param>
/// <param name="Since">When its first publish failed.</param>
/// <param name="LastError">The type of the last failure (never its message, which can name hosts and users).</param>
public sealed record FailingPublish(long Sequence, Guid EventId, string Contract, int Attempts, DateTimeOffset Since, string LastError);

/// <summary>
/// The publisher's lag (events in the store not yet confirmed by the broker: the high water mark less the
/// <see cref="IntegrationEventPublisher.SubscriptionName"/> subscription's progress) and the event it is stuck on.
/// Degraded while a publish keeps failing (a broker outage shows here at its first failed attempt, not after a
/// thousand events) or when the lag passes <c>Talent:MaxProjectionLag</c> (default 1000).
/// </summary>
internal sealed class PublisherHealthCheck(IDocumentStore store, PublisherStatus status, IConfiguration configuration) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        long highWater, position;
        try
        {
            var shards = await store.Advanced.AllProjectionProgress(token: cancellationToken);
            highWater = shards.FirstOrDefault(shard => shard.ShardName == "HighWaterMark")?.Sequence ?? 0;
            position = shards.FirstOrDefault(shard => shard.ShardName.StartsWith(IntegrationEventPublisher.SubscriptionName + ":", StringComparison.Ordinal))?.Sequence ?? 0;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The publisher's progress cannot be read.");
        }

        var lag = Math.Max(0, highWater - position);
        var data = new Dictionary<string, object> { ["lag"] = lag, ["position"] = position, ["highWaterMark"] = highWater };
        if (status.Oldest is { } failing)
        {
            data["failingEvent"] = failing.Sequence;
            data["failingSince"] = failing.Since;
            return HealthCheckResult.Degraded(
                $"Publishing event {failing.Sequence} ({failing.Contract}, id {failing.EventId}) has failed {failing.Attempts} times since {failing.Since:O} ({failing.LastError}); every later event waits for it.",
                data: data);
        }

        var maxLag = configuration.GetValue("Talent:MaxProjectionLag", 1000L);
        return lag > maxLag
            ? HealthCheckResult.Degraded($"{lag} events are not published yet (more than {maxLag}).", data: data)
            : HealthCheckResult.Healthy(data: data);
    }
}

/// <summary>The queues this host consumes from, learnt as their receive endpoints come up (the bus's own temporary queue aside).</summary>
internal sealed class ReceiveQueues : IReceiveEndpointObserver
{
    private readonly ConcurrentDictionary<string, byte> _names = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Names => [.. _names.Keys.Order(StringComparer.Ordinal)];

    public Task Ready(ReceiveEndpointReady ready)
    {
        var name = ready.InputAddress.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        // The bus's own queue, named in MessageBus, holds replies only and goes with the host.
        if (name is not null && !name.Contains(MessageBus.BusQueueMarker, StringComparison.Ordinal))
        {
            _names.TryAdd(name, 0);
        }

        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}

/// <summary>
/// One broker connection of the host's own broker user, kept for health checks, that reads how many messages wait on
/// a queue (a passive declare: it creates nothing, and needs no right on the queue).
/// </summary>
internal sealed class QueueDepths(IConfiguration configuration) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    /// <summary>Messages ready on <paramref name="queue"/>; null when the queue does not exist.</summary>
    public async Task<uint?> ReadyAsync(string queue, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        // A channel per queue: asking for one that does not exist closes the channel.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException exception) when (exception.ShutdownReason?.ReplyCode == 404)
        {
            return null;
        }
    }

    private async Task<IConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { IsOpen: true } open)
            {
                return open;
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync();
            }

            // Bounded, so that a broker that does not answer makes the check fail rather than hang the health endpoint.
            var factory = new ConnectionFactory
            {
                Uri = MessageBus.BrokerUri(configuration),
                AutomaticRecoveryEnabled = false,
                RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
                ContinuationTimeout = TimeSpan.FromSeconds(5),
            };
            _connection = await factory.CreateConnectionAsync("health", cancellationToken);
            return _connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _gate.Dispose();
    }
}

/// <summary>
/// Each consumer queue's depth (messages waiting: the consumer's lag) and its error queue's (<c>&lt;queue&gt;_error</c>,
/// where MassTransit moves a message its consumer failed on after its retries, with the reason in its headers).
/// Degraded while any error queue holds a message (it needs someone to look, then to move it back or drop it: see the
/// README, "Error queues") or a queue holds more than <c>Messaging:MaxConsumerLag</c> messages (default 1000).
/// </summary>
internal sealed class ConsumerQueuesHealthCheck(ReceiveQueues queues, QueueDepths depths, IConfiguration configuration) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>();
        var failed = new List<string>();
        var behind = new List<string>();
        var maxLag = configuration.GetValue("Messaging:MaxConsumerLag", 1000L);
        try
        {
            foreach (var queue in queues.Names)
            {
                var waiting = await depths.ReadyAsync(queue, cancellationToken) ?? 0;
                var errors = await depths.ReadyAsync(queue + "_error", cancellationToken) ?? 0;
                data[queue] = waiting;
                data[queue + "_error"] = errors;
                if (errors > 0)
                {
                    failed.Add($"{queue}_error ({errors})");
                }

                if (waiting > maxLag)
                {
                    behind.Add($"{queue} ({waiting})");
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The depths of the consumer queues cannot be read from the broker.", data: data);
        }

        var problems = new List<string>();
        if (failed.Count > 0)
        {
            problems.Add($"Messages wait on error queues: {string.Join(", ", failed)}.");
        }

        if (behind.Count > 0)
        {
            problems.Add($"More than {maxLag} messages wait on: {string.Join(", ", behind)}.");
        }

        return problems.Count == 0 ? HealthCheckResult.Healthy(data: data) : HealthCheckResult.Degraded(string.Join(" ", problems), data: data);
    }
}
