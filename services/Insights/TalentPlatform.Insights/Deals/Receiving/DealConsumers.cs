using Marten;
using MassTransit;
using TalentPlatform.Deals.Contracts;
using TalentPlatform.Messaging;

namespace TalentPlatform.Insights.Deals.Receiving;

// Each deal event Deals publishes is appended, as it arrived, to Insights' own stream for that deal; the
// read models are projections of those streams, so any of them can be rebuilt by replay.

public sealed class DealRumouredConsumer(IDocumentStore store, TimeProvider time, ILogger<DealRumouredConsumer> logger)
    : IdempotentConsumer<DealRumoured>(store, time, logger)
{
    protected override Task ApplyAsync(DealRumoured message, ConsumeContext<DealRumoured> context, IDocumentSession session)
    {
        session.Events.Append(message.DealId, message);
        return Task.CompletedTask;
    }
}

public sealed class DealAnnouncedConsumer(IDocumentStore store, TimeProvider time, ILogger<DealAnnouncedConsumer> logger)
    : IdempotentConsumer<DealAnnounced>(store, time, logger)
{
    protected override Task ApplyAsync(DealAnnounced message, ConsumeContext<DealAnnounced> context, IDocumentSession session)
    {
        session.Events.Append(message.DealId, message);
        return Task.CompletedTask;
    }
}

public sealed class DealRumouredConsumerDefinition : IdempotentConsumerDefinition<DealRumouredConsumer>;

public sealed class DealAnnouncedConsumerDefinition : IdempotentConsumerDefinition<DealAnnouncedConsumer>;
