using Marten;
using MassTransit;
using TalentPlatform.Compensation.Contracts;
using TalentPlatform.Messaging;

namespace TalentPlatform.Insights.Compensation.Receiving;

/// <summary>Keeps Compensation's public events (observations, offers, outcomes) in Insights' own streams.</summary>
public sealed class CompensationEventsConsumer(IDocumentStore store, TimeProvider time, ILogger<CompensationEventsConsumer> logger)
    : IdempotentConsumer(store, time, logger),
        IConsumer<CompensationObserved>,
        IConsumer<OfferExtended>,
        IConsumer<OfferOutcomeRecorded>
{
    public Task Consume(ConsumeContext<CompensationObserved> context) => KeepAsync<PayFact, CompensationObserved>(context, context.Message.ObservationId);

    public Task Consume(ConsumeContext<OfferExtended> context) => KeepAsync<OfferFact, OfferExtended>(context, context.Message.OfferId);

    public Task Consume(ConsumeContext<OfferOutcomeRecorded> context) => KeepAsync<OfferFact, OfferOutcomeRecorded>(context, context.Message.OfferId);

    private Task KeepAsync<TFact, TMessage>(ConsumeContext<TMessage> context, Guid streamId)
        where TFact : class
        where TMessage : class =>
        ApplyOnceAsync(context, session => ReceivedStreams.AppendAsync<TFact>(session, streamId, context.Message, context.CancellationToken));
}

/// <summary>
/// Tenants' private pay rows, which reach Insights alone on its own queue. Each is kept as its own
/// stream; what leaves Insights from them is only ever an aggregate of at least k rows. Only rows
/// Compensation signed are taken (see the definition), and only with their tenant: anything else goes
/// to the error queue with nothing written.
/// </summary>
public sealed class CompensationSubmittedConsumer(IDocumentStore store, TimeProvider time, ILogger<CompensationSubmittedConsumer> logger)
    : IdempotentConsumer(store, time, logger), IConsumer<CompensationSubmitted>
{
    public Task Consume(ConsumeContext<CompensationSubmitted> context) =>
        string.IsNullOrWhiteSpace(context.Message.Tenant)
            ? throw new RejectedMessageException($"Submission {context.Message.SubmissionId} names no tenant.")
            : ApplyOnceAsync(context, session => ReceivedStreams.AppendAsync<PayFact>(session, context.Message.SubmissionId, context.Message, context.CancellationToken));
}

public sealed class CompensationEventsConsumerDefinition : IdempotentConsumerDefinition<CompensationEventsConsumer>;

public sealed class CompensationSubmittedConsumerDefinition : SignedMessageConsumerDefinition<CompensationSubmittedConsumer, CompensationSubmitted>;
