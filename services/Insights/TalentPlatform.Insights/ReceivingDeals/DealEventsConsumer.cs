using MassTransit;
using TalentPlatform.Deals.Contracts;
using TalentPlatform.Messaging;

namespace TalentPlatform.Insights.ReceivingDeals;

/// <summary>
/// Keeps each deal event Deals publishes in Insights' own stream for that deal. One queue takes all six
/// contracts, so a deal's events arrive in the order Deals published them unless a retry intervenes — and
/// the read model does not depend on that order anyway.
/// </summary>
public sealed class DealEventsConsumer(IDocumentStore store, TimeProvider time, ILogger<DealEventsConsumer> logger)
    : ReceivingConsumer(store, time, logger),
        IConsumer<DealRumoured>,
        IConsumer<DealAnnounced>,
        IConsumer<DealTermsChanged>,
        IConsumer<DealClosed>,
        IConsumer<DealCancelled>,
        IConsumer<TalentAttachedToDeal>
{
    public Task Consume(ConsumeContext<DealRumoured> context) => KeepAsync<DealFact, DealRumoured>(context, context.Message.Deal.Id);

    public Task Consume(ConsumeContext<DealAnnounced> context) => KeepAsync<DealFact, DealAnnounced>(context, context.Message.Deal.Id);

    public Task Consume(ConsumeContext<DealTermsChanged> context) => KeepAsync<DealFact, DealTermsChanged>(context, context.Message.Deal.Id);

    public Task Consume(ConsumeContext<DealClosed> context) => KeepAsync<DealFact, DealClosed>(context, context.Message.Deal.Id);

    public Task Consume(ConsumeContext<DealCancelled> context) => KeepAsync<DealFact, DealCancelled>(context, context.Message.Deal.Id);

    public Task Consume(ConsumeContext<TalentAttachedToDeal> context) => KeepAsync<DealFact, TalentAttachedToDeal>(context, context.Message.Deal.Id);
}

public sealed class DealEventsConsumerDefinition : IdempotentConsumerDefinition<DealEventsConsumer>;
