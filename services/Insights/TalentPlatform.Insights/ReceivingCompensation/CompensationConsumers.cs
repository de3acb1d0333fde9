using MassTransit;
using TalentPlatform.Compensation.Contracts;
using TalentPlatform.Messaging;

namespace TalentPlatform.Insights.ReceivingCompensation;

/// <summary>Keeps Compensation's offers and their outcomes in Insights' own streams.</summary>
public sealed class CompensationEventsConsumer(IDocumentStore store, TimeProvider time, ILogger<CompensationEventsConsumer> logger)
    : ReceivingConsumer(store, time, logger),
        IConsumer<OfferExtended>,
        IConsumer<OfferOutcomeRecorded>
{
    public Task Consume(ConsumeContext<OfferExtended> context) => KeepAsync<OfferFact, OfferExtended>(context, context.Message.OfferId);

    public Task Consume(ConsumeContext<OfferOutcomeRecorded> context) => KeepAsync<OfferFact, OfferOutcomeRecorded>(context, context.Message.OfferId);
}

/// <summary>
/// Market pay reports arrive by the hundred thousand when a market is loaded in batches, so they are
/// applied in batches too: one transaction per batch instead of one per report. Each report is its own
/// stream, started once: a report already applied is left out by its MessageId, or by its ObservationId
/// when it was published again under a new one.
/// </summary>
public sealed class CompensationObservedConsumer(IDocumentStore store, TimeProvider time, ILogger<CompensationObservedConsumer> logger)
    : IdempotentConsumer(store, time, logger), IConsumer<Batch<CompensationObserved>>
{
    public Task Consume(ConsumeContext<Batch<CompensationObserved>> context) =>
        ApplyBatchOnceAsync(context, async (session, messages) =>
        {
            // A report republished under a new MessageId is still one report: its stream is kept already.
            var ids = messages.Select(message => message.Message.ObservationId).Distinct().ToArray();
            var kept = (await session.LoadManyAsync<PayFact>(context.CancellationToken, ids)).Select(fact => fact.Id).ToHashSet();
            foreach (var report in messages.Select(message => message.Message).Where(report => kept.Add(report.ObservationId)))
            {
                session.Events.StartStream<PayFact>(report.ObservationId, report);
            }
        });
}

/// <summary>
/// Up to 500 reports a batch, gathered for at most 20 ms, so a lone report waits little; two batches at once.
/// Shares its queue with <see cref="CompensationEventsConsumer"/> (see Program), which must prefetch both batches.
/// </summary>
public sealed class CompensationObservedConsumerDefinition : IdempotentConsumerDefinition<CompensationObservedConsumer>
{
    private const int BatchSize = 500;
    private const int Batches = 2;

    /// <summary>Messages the shared queue must prefetch for full batches to form.</summary>
    public const int Prefetch = BatchSize * Batches;

    public CompensationObservedConsumerDefinition() => ConcurrentMessageLimit = Prefetch;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<CompensationObservedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        base.ConfigureConsumer(endpointConfigurator, consumerConfigurator, context);
        consumerConfigurator.Options<BatchOptions>(batch => batch.SetMessageLimit(BatchSize).SetTimeLimit(TimeSpan.FromMilliseconds(20)).SetConcurrencyLimit(Batches));
    }
}

/// <summary>
/// Tenants' private pay rows, which reach Insights alone on its own queue. Each is kept as its own
/// stream; what leaves Insights from them is only ever an aggregate of at least k rows. Only rows
/// Compensation signed are taken (see the definition), and only with their tenant: anything else goes
/// to the error queue with nothing written.
/// </summary>
public sealed class CompensationSubmittedConsumer(IDocumentStore store, TimeProvider time, ILogger<CompensationSubmittedConsumer> logger)
    : ReceivingConsumer(store, time, logger), IConsumer<CompensationSubmitted>
{
    public Task Consume(ConsumeContext<CompensationSubmitted> context) =>
        string.IsNullOrWhiteSpace(context.Message.Tenant)
            ? throw new RejectedMessageException($"Submission {context.Message.SubmissionId} names no tenant.")
            : KeepAsync<PayFact, CompensationSubmitted>(context, context.Message.SubmissionId);
}

public sealed class CompensationEventsConsumerDefinition : IdempotentConsumerDefinition<CompensationEventsConsumer>;

public sealed class CompensationSubmittedConsumerDefinition : SignedMessageConsumerDefinition<CompensationSubmittedConsumer, CompensationSubmitted>;
