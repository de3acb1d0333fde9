using MassTransit;
using TalentPlatform.Messaging;

namespace TalentPlatform.Insights;

/// <summary>
/// Takes one contract in batches (an import of a hundred thousand deals arrives as a hundred thousand events): one
/// transaction per batch records the MessageIds not seen before, appends each of those events to the stream of the
/// thing it is about, and applies them all to the live read models at once. Events about one thing queue up on a
/// lock taken before anything is read, whichever batch or consumer they are in.
/// </summary>
internal sealed class ReceivingBatchConsumer<TMessage>(IDocumentStore store, ReadModels readModels, TimeProvider time, ILogger<ReceivingBatchConsumer<TMessage>> logger)
    : IdempotentConsumer(store, time, logger), IConsumer<Batch<TMessage>>
    where TMessage : class
{
    public async Task Consume(ConsumeContext<Batch<TMessage>> context)
    {
        await using var scope = await readModels.BeginWriteAsync(context.CancellationToken);
        await scope.Writer.LockAsync(context.Message.Select(message => (object)message.Message), context.CancellationToken);
        var fresh = await ApplyBatchOnceAsync(context, scope.Transaction, (session, messages) =>
        {
            foreach (var message in messages)
            {
                session.Events.Append(ReceivedEvents.StreamOf(message.Message), message.Message);
            }

            return Task.CompletedTask;
        });
        if (fresh.Count == 0)
        {
            return;
        }

        await scope.Writer.ApplyAsync([.. fresh.Select(message => (object)message.Message)], context.CancellationToken);
        await scope.Writer.FlushAsync(context.CancellationToken);
        await scope.CommitAsync(context.CancellationToken);
    }
}

/// <summary>Up to 200 events a batch, gathered for at most 20 ms (a lone event waits little), two batches of a contract at once.</summary>
internal sealed class ReceivingBatchConsumerDefinition<TMessage> : IdempotentConsumerDefinition<ReceivingBatchConsumer<TMessage>>
    where TMessage : class
{
    public const int BatchSize = 200;
    public const int Batches = 2;

    public ReceivingBatchConsumerDefinition() => InBatches(BatchSize, Batches);
}
