using MassTransit;
using TalentPlatform.Messaging;

namespace TalentPlatform.Insights;

/// <summary>
/// Keeps each message received, once, in Insights' own stream for the thing it is about, so that every
/// read model is a projection of those streams and can be rebuilt by replay.
/// </summary>
public abstract class ReceivingConsumer(IDocumentStore store, TimeProvider time, ILogger logger) : IdempotentConsumer(store, time, logger)
{
    /// <summary>
    /// Reads <typeparamref name="TFact"/> with its version and appends expecting that version: two
    /// messages about one thing applied at once collide, and one retries on the other's result, so an
    /// inline read model never keeps a stale read.
    /// </summary>
    protected Task KeepAsync<TFact, TMessage>(ConsumeContext<TMessage> context, Guid streamId)
        where TFact : class
        where TMessage : class =>
        ApplyOnceAsync(context, async session =>
        {
            var stream = await session.Events.FetchForWriting<TFact>(streamId, context.CancellationToken);
            stream.AppendOne(context.Message);
        });
}
