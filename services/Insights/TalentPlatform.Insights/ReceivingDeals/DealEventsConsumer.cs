using Marten;
using MassTransit;
using TalentPlatform.Deals.Contracts;
using TalentPlatform.Messaging;

namespace TalentPlatform.Insights.ReceivingDeals;

/// <summary>
/// Keeps each deal event Deals publishes in Insights' own stream for that deal. One queue takes all six
/// contracts, so a deal's events arrive in the order Deals published them unless a retry intervenes — and
/// the read models do not depend on that order anyway.
/// </summary>
internal sealed class DealEventsConsumer(IDocumentStore store, ReadModels readModels, TimeProvider time, ILogger<DealEventsConsumer> logger)
    : ReceivingConsumer(store, readModels, time, logger),
        IConsumer<DealRumoured>,
        IConsumer<DealAnnounced>,
        IConsumer<DealTermsChanged>,
        IConsumer<DealClosed>,
        IConsumer<DealCancelled>,
        IConsumer<TalentAttachedToDeal>
{
    public Task Consume(ConsumeContext<DealRumoured> context) => KeepAsync(context, context.Message.Deal.Id);

    public Task Consume(ConsumeContext<DealAnnounced> context) => KeepAsync(context, context.Message.Deal.Id);

    public Task Consume(ConsumeContext<DealTermsChanged> context) => KeepAsync(context, context.Message.Deal.Id);

    public Task Consume(ConsumeContext<DealClosed> context) => KeepAsync(context, context.Message.Deal.Id);

    public Task Consume(ConsumeContext<DealCancelled> context) => KeepAsync(context, context.Message.Deal.Id);

    public Task Consume(ConsumeContext<TalentAttachedToDeal> context) => KeepAsync(context, context.Message.Deal.Id);
}

internal sealed class DealEventsConsumerDefinition : IdempotentConsumerDefinition<DealEventsConsumer>;
