using Marten;
using MassTransit;
using TalentPlatform.Deals.Contracts;
using TalentPlatform.Messaging;

namespace TalentPlatform.Insights.Deals.Receiving;

/// <summary>
/// Appends each deal event Deals publishes, as it arrived, to Insights' own stream for that deal; the
/// read models are projections of those streams, so any of them can be rebuilt by replay.
/// <para>
/// The stream is fetched for writing: the deal's fact and its version are read together and the append
/// expects that version. Two events of one deal delivered at the same moment (they travel on different
/// queues) then collide and one is retried on the other's result, instead of both projecting from the
/// same stale fact and the later commit silently undoing the earlier.
/// </para>
/// </summary>
public abstract class DealEventConsumer<TEvent>(IDocumentStore store, TimeProvider time, ILogger logger)
    : IdempotentConsumer<TEvent>(store, time, logger)
    where TEvent : class
{
    protected abstract Guid DealId(TEvent message);

    protected override async Task ApplyAsync(TEvent message, ConsumeContext<TEvent> context, IDocumentSession session)
    {
        var stream = await session.Events.FetchForWriting<DealFact>(DealId(message), context.CancellationToken);
        stream.AppendOne(message);
    }
}

public sealed class DealRumouredConsumer(IDocumentStore store, TimeProvider time, ILogger<DealRumouredConsumer> logger)
    : DealEventConsumer<DealRumoured>(store, time, logger)
{
    protected override Guid DealId(DealRumoured message) => message.DealId;
}

public sealed class DealAnnouncedConsumer(IDocumentStore store, TimeProvider time, ILogger<DealAnnouncedConsumer> logger)
    : DealEventConsumer<DealAnnounced>(store, time, logger)
{
    protected override Guid DealId(DealAnnounced message) => message.DealId;
}

public sealed class DealRumouredConsumerDefinition : IdempotentConsumerDefinition<DealRumouredConsumer>;

public sealed class DealAnnouncedConsumerDefinition : IdempotentConsumerDefinition<DealAnnouncedConsumer>;
