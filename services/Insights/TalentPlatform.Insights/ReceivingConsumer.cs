using MassTransit;
using TalentPlatform.Messaging;

namespace TalentPlatform.Insights;

/// <summary>
/// Keeps each message received, once, in Insights' own stream for the thing it is about, and applies it to the live
/// read models in the same transaction: an answer never disagrees with the events kept, and every read model can be
/// rebuilt by replaying them.
/// </summary>
internal abstract class ReceivingConsumer(IDocumentStore store, ReadModels readModels, TimeProvider time, ILogger logger) : IdempotentConsumer(store, time, logger)
{
    /// <summary>
    /// Appends the message to stream <paramref name="streamId"/> and applies it. Messages about one thing queue up on a
    /// lock (taken before anything is read), so two of them applied at once never fold the same state twice.
    /// </summary>
    protected async Task KeepAsync<TMessage>(ConsumeContext<TMessage> context, Guid streamId)
        where TMessage : class
    {
        await using var scope = await readModels.BeginWriteAsync(context.CancellationToken);
        await scope.Writer.LockAsync([context.Message], context.CancellationToken);
        var fresh = await ApplyOnceAsync(context, scope.Transaction, session =>
        {
            session.Events.Append(streamId, context.Message);
            return Task.CompletedTask;
        });
        if (!fresh)
        {
            return;
        }

        await scope.Writer.ApplyAsync([context.Message], context.CancellationToken);
        await scope.Writer.FlushAsync(context.CancellationToken);
        await scope.CommitAsync(context.CancellationToken);
    }
}
