using System.Diagnostics;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using MassTransit.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using TalentPlatform.EventStore;

namespace TalentPlatform.Messaging;


/// <summary>
/// The Marten subscription that publishes a service's integration events, at least once.
/// <para>
/// Marten stores the subscription's progress in the same transaction as the page it handed over, after
/// this method returns; if it throws, the daemon skips the page for good. So a broker outage must never
/// escape: every message is retried until the broker confirms it, and the page (and every page after it)
/// waits. Only shutdown ends the wait, by cancellation, which leaves the page unacknowledged for the next
/// start. Each message's id is the Marten event id, so a page published twice is deduplicated downstream.
/// </para>
/// <para>
/// Messages are published as mandatory: until at least one queue is bound to the exchange (say Insights
/// has never run against this broker), RabbitMQ returns them and they are retried like an outage.
/// Point-to-point messages (tenant data) are sent to their one queue, signed with this service's own key (<see cref="MessageSignatures"/>).
/// </para>
/// </summary>
public sealed partial class IntegrationEventPublisher(
    IBus bus,
    IIntegrationEventMapper mapper,
    MessageSigner signer,
    PublisherStatus status,
    TimeProvider time,
    IConfiguration configuration,
    ILogger<IntegrationEventPublisher> logger) : SubscriptionBase
{
    public const string SubscriptionName = "integration-events";

    private readonly string _entityPrefix = configuration["Messaging:EntityPrefix"] ?? string.Empty;

    /// <summary>How long one publish may wait for the broker's confirmation before it is tried again.</summary>
    private readonly TimeSpan _attemptTimeout = configuration.GetValue("Messaging:PublishAttemptTimeout", TimeSpan.FromSeconds(10));

    /// <summary>How many messages may wait for the broker's confirmation at once.</summary>
    private readonly int _publishConcurrency = Math.Max(1, configuration.GetValue("Messaging:PublishConcurrency", 256));
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromSeconds(5);

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page,
        ISubscriptionController controller,
        IDocumentOperations operations,
        CancellationToken cancellationToken)
    {
        var published = page.Events.Select(@event => @event.Sequence).ToHashSet();
        var history = await HistoryAsync(page, operations, cancellationToken);
        var outgoing = history
            .Select(stream => mapper.Map(stream, published).ToList())
            .Where(messages => messages.Count > 0)
            .ToList();

        // Streams are independent: all of a page's streams publish at once, so the broker confirms a page's
        // messages together rather than one round trip after another; within a stream, events keep their
        // order. The gate bounds what is in flight.
        using var gate = new SemaphoreSlim(_publishConcurrency);
        await Task.WhenAll(outgoing.Select(async stream =>
        {
            foreach (var (@event, message) in stream)
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    await PublishUntilConfirmedAsync(@event, message, cancellationToken);
                }
                finally
                {
                    gate.Release();
                }
            }
        }));

        return NullChangeListener.Instance;
    }

    /// <summary>
    /// Contracts describe their stream as it stood after each event, so the mapper gets each stream's history
    /// up to the page's end. A stream that starts within the page (a new deal, an imported pay report) has it
    /// all in the page already; the others are read in one query per page, not one per stream.
    /// </summary>
    private static async Task<List<List<IEvent>>> HistoryAsync(EventRange page, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var inPage = page.Events.GroupBy(@event => @event.StreamId).ToList();
        var older = inPage.Where(stream => stream.Min(@event => @event.Version) > 1).Select(stream => stream.Key).ToArray();
        var streams = inPage.Where(stream => stream.Min(@event => @event.Version) <= 1)
            .Select(stream => stream.OrderBy(@event => @event.Sequence).ToList())
            .ToList();
        if (older.Length > 0)
        {
            var history = await operations.Events.QueryAllRawEvents()
                .Where(@event => @event.AnyTenant() && @event.StreamId.IsOneOf(older) && @event.Sequence <= page.SequenceCeiling)
                .OrderBy(@event => @event.Sequence)
                .ToListAsync(cancellationToken);
            streams.AddRange(history.GroupBy(@event => @event.StreamId).Select(stream => stream.ToList()));
        }

        return streams;
    }

    private async Task PublishUntilConfirmedAsync(IEvent @event, object message, CancellationToken cancellationToken)
    {
        var contractName = (message is PointToPoint direct ? direct.Message : message).GetType().Name;
        var delay = FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            using var activity = MessagingTelemetry.Source.StartActivity(
                $"publish {contractName}", ActivityKind.Producer, TraceContext.Of(@event));
            activity?.SetTag("talent.event.id", @event.Id);
            activity?.SetTag("talent.event.sequence", @event.Sequence);
            activity?.SetTag("talent.publish.attempt", attempt);
            try
            {
                using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attemptTimeout.CancelAfter(_attemptTimeout);
                if (message is PointToPoint pointToPoint)
                {
                    // Declared by the send itself, the queue holds the message until its one consumer runs.
                    var queue = await bus.GetSendEndpoint(new Uri($"queue:{_entityPrefix}{pointToPoint.Queue}"));
                    // Signed with this service's own key: its one consumer takes it only from this service (MessageSignatures).
                    var (keyId, signature) = signer.Sign(@event.Id, pointToPoint.Message);
                    await queue.Send(pointToPoint.Message, pointToPoint.Message.GetType(), Pipe.Execute<SendContext>(context =>
                    {
                        Stamp(context, @event);
                        context.Headers.Set(MessageSignatures.Header, signature);
                        context.Headers.Set(MessageSignatures.KeyHeader, keyId);
                    }), attemptTimeout.Token);
                }
                else
                {
                    await bus.Publish(message, message.GetType(), Pipe.Execute<PublishContext>(context =>
                    {
                        // Returned (and retried) while no queue is bound: an event nobody holds is not published.
                        context.Mandatory = true;
                        Stamp(context, @event);
                    }), attemptTimeout.Token);
                }


                if (attempt > 1)
                {
                    status.Published(@event);
                    LogPublishedAfterRetries(contractName, @event.Sequence, attempt);
                }

                return;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                activity?.AddException(exception);
                activity?.SetStatus(ActivityStatusCode.Error);
                status.Failed(@event, contractName, attempt, exception);
                if (attempt == 1 || attempt % 20 == 0)
                {
                    LogPublishFailed(exception, contractName, @event.Sequence, attempt, delay);
                }

                await Task.Delay(delay, time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestRetryDelay.Ticks));
            }
        }
    }

    private static void Stamp(SendContext context, IEvent @event)
    {
        context.MessageId = @event.Id;
        context.CorrelationId = @event.StreamId;
        context.Headers.Set(MessageHeaders.EventSequence, @event.Sequence);

        // MassTransit writes its send span's context here when it starts one. When the event's trace is not sampled
        // (an import's rows) no span starts, and without the event's own context the consumer would begin a sampled
        // trace of its own for every message.
        if (TraceContext.Of(@event) is { TraceId: var traceId } parent && traceId != default && !parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded))
        {
            context.Headers.Set(DiagnosticHeaders.ActivityId, TraceContext.Unsampled(traceId, parent.SpanId));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {MessageType} (event {Sequence}) failed on attempt {Attempt}; retrying in {Delay} and holding every later event until it succeeds")]
    private partial void LogPublishFailed(Exception exception, string messageType, long sequence, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Published {MessageType} (event {Sequence}) after {Attempt} attempts")]
    private partial void LogPublishedAfterRetries(string messageType, long sequence, int attempt);
}
