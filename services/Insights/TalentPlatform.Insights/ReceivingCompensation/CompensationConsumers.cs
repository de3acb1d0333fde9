using MassTransit;
using TalentPlatform.Compensation.Contracts;
using TalentPlatform.Messaging;

namespace TalentPlatform.Insights.ReceivingCompensation;

/// <summary>Keeps Compensation's offers and their outcomes in Insights' own streams.</summary>
internal sealed class CompensationEventsConsumer(IDocumentStore store, ReadModels readModels, TimeProvider time, ILogger<CompensationEventsConsumer> logger)
    : ReceivingConsumer(store, readModels, time, logger),
        IConsumer<OfferExtended>,
        IConsumer<OfferOutcomeRecorded>
{
    public Task Consume(ConsumeContext<OfferExtended> context) => KeepAsync(context, context.Message.OfferId);

    public Task Consume(ConsumeContext<OfferOutcomeRecorded> context) => KeepAsync(context, context.Message.OfferId);
}

/// <summary>
/// Market pay reports arrive by the hundred thousand when a market is loaded, so they are applied in batches: one
/// transaction per batch, one statement for its rows, and the reports kept for the first time appended as the events
/// of one stream (the batch as received). A report already kept — redelivered, or republished under a new MessageId —
/// is left out by its ObservationId (the rows' primary key), so no MessageId record is written per report.
/// </summary>
internal sealed class CompensationObservedConsumer(IDocumentStore store, ReadModels readModels, PayIndexFollower payIndex, TimeProvider time, ILogger<CompensationObservedConsumer> logger)
    : IdempotentConsumer(store, time, logger), IConsumer<Batch<CompensationObserved>>
{
    public async Task Consume(ConsumeContext<Batch<CompensationObserved>> context)
    {
        await using var scope = await readModels.BeginWriteAsync(context.CancellationToken);
        await ApplyKeyedBatchAsync(context, scope.Transaction, async (session, messages) =>
        {
            var reports = messages.Select(message => message.Message).ToList();
            var fresh = await scope.Writer.ApplyAsync(reports, context.CancellationToken);
            var kept = reports.Where(report => fresh.Contains(report.ObservationId)).DistinctBy(report => report.ObservationId).ToArray();
            if (kept.Length > 0)
            {
                session.Events.StartStream(Guid.CreateVersion7(), kept);
            }
        });
        await scope.Writer.FlushAsync(context.CancellationToken);
        await scope.CommitAsync(context.CancellationToken);
        payIndex.Nudge();
    }
}

/// <summary>
/// Market pay reports recorded in bulk (an import's chunk, a batch), a thousand to a message: applied as the batches of
/// <see cref="CompensationObservedConsumer"/> are, one message a transaction, and the reports kept for the first time
/// appended as one event. A report already kept is left out by its ObservationId, so a message redelivered, or
/// republished under a new MessageId, is applied once.
/// </summary>
internal sealed class CompensationObservedInBulkConsumer(IDocumentStore store, ReadModels readModels, PayIndexFollower payIndex, TimeProvider time, ILogger<CompensationObservedInBulkConsumer> logger)
    : IdempotentConsumer(store, time, logger), IConsumer<CompensationObservedInBulk>
{
    public async Task Consume(ConsumeContext<CompensationObservedInBulk> context)
    {
        var bulk = context.Message;
        await using var scope = await readModels.BeginWriteAsync(context.CancellationToken);
        await ApplyKeyedAsync(context, scope.Transaction, async session =>
        {
            var fresh = await scope.Writer.ApplyAsync([bulk], context.CancellationToken);
            var kept = bulk.Reports.Where(report => fresh.Contains(report.ObservationId)).DistinctBy(report => report.ObservationId).ToArray();
            if (kept.Length > 0)
            {
                session.Events.StartStream(Guid.CreateVersion7(), kept.Length == bulk.Reports.Count ? bulk : bulk with { Reports = kept });
            }
        });
        await scope.Writer.FlushAsync(context.CancellationToken);
        await scope.CommitAsync(context.CancellationToken);
        payIndex.Nudge();
    }
}

/// <summary>Two messages (two thousand reports) at once, and two more prefetched.</summary>
internal sealed class CompensationObservedInBulkConsumerDefinition : IdempotentConsumerDefinition<CompensationObservedInBulkConsumer>
{
    public const int Prefetch = 4;

    public CompensationObservedInBulkConsumerDefinition() => ConcurrentMessageLimit = 2;
}

/// <summary>
/// Up to 500 reports a batch, two batches at once.
/// Shares its queue with <see cref="CompensationEventsConsumer"/> (see Program), which must prefetch both batches.
/// </summary>
internal sealed class CompensationObservedConsumerDefinition : IdempotentConsumerDefinition<CompensationObservedConsumer>
{
    private const int BatchSize = 500;
    private const int Batches = 2;

    /// <summary>Messages the shared queue must prefetch for full batches to form.</summary>
    public const int Prefetch = BatchSize * Batches;

    public CompensationObservedConsumerDefinition() => InBatches(BatchSize, Batches);
}

/// <summary>
/// Tenants' private pay rows, which reach Insights alone on its own queue; a payroll import sends them by the ten
/// thousand, so they are applied in batches as market reports are. Each row is kept as its own stream; what leaves
/// Insights from them is only ever an aggregate of at least k rows. Only rows Compensation signed, each with its
/// tenant, reach a batch (see the definition): anything else goes to the error queue alone, with nothing written.
/// A row already kept — redelivered, or sent again under a new MessageId — is left out by its SubmissionId (the
/// rows' primary key).
/// </summary>
internal sealed class CompensationSubmittedConsumer(IDocumentStore store, ReadModels readModels, PayIndexFollower payIndex, TimeProvider time, ILogger<CompensationSubmittedConsumer> logger)
    : IdempotentConsumer(store, time, logger), IConsumer<Batch<CompensationSubmitted>>
{
    public async Task Consume(ConsumeContext<Batch<CompensationSubmitted>> context)
    {
        await using var scope = await readModels.BeginWriteAsync(context.CancellationToken);
        await ApplyKeyedBatchAsync(context, scope.Transaction, async (session, messages) =>
        {
            var rows = messages.Select(message => message.Message).ToList();
            var fresh = await scope.Writer.ApplyAsync(rows, context.CancellationToken);
            foreach (var row in rows.Where(row => fresh.Contains(row.SubmissionId)).DistinctBy(row => row.SubmissionId))
            {
                session.Events.StartStream(row.SubmissionId, row);
            }
        });
        await scope.Writer.FlushAsync(context.CancellationToken);
        await scope.CommitAsync(context.CancellationToken);
        payIndex.Nudge();
    }
}

internal sealed class CompensationEventsConsumerDefinition : IdempotentConsumerDefinition<CompensationEventsConsumer>;

/// <summary>Up to 500 rows a batch, two batches at once; a row without a tenant is refused however it is signed.</summary>
internal sealed class CompensationSubmittedConsumerDefinition : SignedMessageConsumerDefinition<CompensationSubmittedConsumer, CompensationSubmitted>
{
    private const int BatchSize = 500;
    private const int Batches = 2;

    /// <summary>Messages the queue must prefetch for full batches to form.</summary>
    public const int Prefetch = BatchSize * Batches;

    public CompensationSubmittedConsumerDefinition() => InBatches(BatchSize, Batches);

    protected override string? Refuse(CompensationSubmitted row) =>
        string.IsNullOrWhiteSpace(row.Tenant) ? $"Submission {row.SubmissionId} names no tenant." : null;
}
