using Marten;
using MassTransit;
using TalentPlatform.Deals.Contracts;
using TalentPlatform.Messaging;

namespace TalentPlatform.Insights.ReceivingDeals;

/// <summary>
/// Appends each deal event Deals publishes, as it arrived, to Insights' own stream for that deal; the
/// read models are projections of those streams, so any of them can be rebuilt by replay. One queue
/// takes all six contracts, so a deal's events arrive in the order Deals published them unless a retry
/// intervenes — and the read model does not depend on that order anyway.
/// <para>
/// The stream is fetched for writing: the deal's fact and its version are read together and the append
/// expects that version. Two events of one deal applied at the same moment then collide and one is
/// retried on the other's result, instead of both projecting from the same stale fact.
/// </para>
/// </summary>
public sealed class DealEventsConsumer(IDocumentStore store, TimeProvider time, ILogger<DealEventsConsumer> logger)
    : IdempotentConsumer(store, time, logger),
        IConsumer<DealRumoured>,
        IConsumer<DealAnnounced>,
        IConsumer<DealTermsChanged>,
        IConsumer<DealClosed>,
        IConsumer<DealCancelled>,
        IConsumer<TalentAttachedToDeal>
{
    public Task Consume(ConsumeContext<DealRumoured> context) => AppendAsync(context, context.Message.Deal);

    public Task Consume(ConsumeContext<DealAnnounced> context) => AppendAsync(context, context.Message.Deal);

    public Task Consume(ConsumeContext<DealTermsChanged> context) => AppendAsync(context, context.Message.Deal);

    public Task Consume(ConsumeContext<DealClosed> context) => AppendAsync(context, context.Message.Deal);

    public Task Consume(ConsumeContext<DealCancelled> context) => AppendAsync(context, context.Message.Deal);

    public Task Consume(ConsumeContext<TalentAttachedToDeal> context) => AppendAsync(context, context.Message.Deal);

    private Task AppendAsync<TMessage>(ConsumeContext<TMessage> context, DealSnapshot deal)
        where TMessage : class =>
        ApplyOnceAsync(context, session => ReceivedStreams.AppendAsync<DealFact>(session, deal.Id, context.Message, context.CancellationToken));
}

public sealed class DealEventsConsumerDefinition : IdempotentConsumerDefinition<DealEventsConsumer>;
