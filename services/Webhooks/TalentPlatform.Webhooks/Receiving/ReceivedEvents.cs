using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using TalentPlatform.Deals.Contracts;
using TalentPlatform.Messaging;
using TalentPlatform.People.Contracts;
using TalentPlatform.Webhooks.Delivering;

namespace TalentPlatform.Webhooks.Receiving;

internal static class ReceivedEvents
{
    public static void Consumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<DealEventsConsumer, InOrderConsumerDefinition<DealEventsConsumer>>();
        bus.AddConsumer<TalentMovesConsumer, InOrderConsumerDefinition<TalentMovesConsumer>>();
    }
}

/// <summary>
/// Turns each integration event into one delivery per subscription that wants it, all committed with the
/// record of the MessageId (so a redelivered message adds nothing), then wakes the dispatcher. Deal and move
/// events are market data: every tenant's subscriptions may receive them. Subscriptions paused still get
/// their deliveries, sent once they resume.
/// </summary>
public abstract class DeliveryConsumer(IDocumentStore store, TimeProvider time, DeliverySignal signal, ILogger logger)
    : IdempotentConsumer(store, time, logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TimeProvider _time = time;
    private readonly DeliverySignal _signal = signal;

    protected async Task RecordAsync<TMessage>(ConsumeContext<TMessage> context)
        where TMessage : class
    {
        if (WebhookEvent.From(context.Message) is not { } @event)
        {
            return;
        }

        var messageId = context.MessageId!.Value;
        var order = context.Headers.Get<long>(TalentPlatform.Messaging.MessageHeaders.EventSequence) ?? 0;
        var created = 0;
        await ApplyOnceAsync(context, async session =>
        {
            // An event has one or two names; subscriptions are found by either.
            var (first, second) = (@event.Types[0], @event.Types[^1]);
            var subscriptions = await session.Query<Subscription>()
                .Where(subscription => subscription.Events.Contains(first) || subscription.Events.Contains(second))
                .ToListAsync(context.CancellationToken);
            var now = _time.GetUtcNow();
            foreach (var subscription in subscriptions.Where(subscription => subscription.Matches(@event)))
            {
                var type = @event.Types.First(subscription.Events.Contains);
                var payload = JsonSerializer.Serialize(new { type, timestamp = now, data = @event.Data }, Json);
                session.Insert(new Delivery(
                    Delivery.IdFor(messageId, subscription.Id),
                    subscription.Id,
                    subscription.Tenant,
                    type,
                    @event.Subject,
                    order,
                    payload,
                    Activity.Current?.Id,
                    now,
                    DeliveryStatus.Pending,
                    now,
                    null,
                    []));
                created++;
            }
        });

        if (created > 0)
        {
            _signal.Wake();
        }
    }
}

public sealed class DealEventsConsumer(IDocumentStore store, TimeProvider time, DeliverySignal signal, ILogger<DealEventsConsumer> logger)
    : DeliveryConsumer(store, time, signal, logger),
        IConsumer<DealRumoured>,
        IConsumer<DealAnnounced>,
        IConsumer<DealTermsChanged>,
        IConsumer<DealClosed>,
        IConsumer<DealCancelled>
{
    public Task Consume(ConsumeContext<DealRumoured> context) => RecordAsync(context);

    public Task Consume(ConsumeContext<DealAnnounced> context) => RecordAsync(context);

    public Task Consume(ConsumeContext<DealTermsChanged> context) => RecordAsync(context);

    public Task Consume(ConsumeContext<DealClosed> context) => RecordAsync(context);

    public Task Consume(ConsumeContext<DealCancelled> context) => RecordAsync(context);
}

public sealed class TalentMovesConsumer(IDocumentStore store, TimeProvider time, DeliverySignal signal, ILogger<TalentMovesConsumer> logger)
    : DeliveryConsumer(store, time, signal, logger),
        IConsumer<TalentMoved>
{
    public Task Consume(ConsumeContext<TalentMoved> context) => RecordAsync(context);
}

/// <summary>One message at a time: a subject's deliveries are recorded in the order its events were published.</summary>
public sealed class InOrderConsumerDefinition<TConsumer> : IdempotentConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.ConcurrentMessageLimit = 1;
        base.ConfigureConsumer(endpointConfigurator, consumerConfigurator, context);
    }
}
