using JasperFx;
using Marten;
using MassTransit;
using Marten.Services;
using Microsoft.Extensions.Logging;
using Npgsql;
using TalentPlatform.EventStore;

namespace TalentPlatform.Messaging;

/// <summary>A message this service has already applied, keyed by its MessageId.</summary>
public sealed record ProcessedMessage(Guid Id, string MessageType, DateTimeOffset ProcessedAt);

/// <summary>
/// Applies each message at most once: the record of the MessageId and the message's effect are written
/// in one Marten transaction, so a redelivery (the publisher is at-least-once) collides with the record's
/// primary key and its whole transaction, effect included, rolls back. Inserting without looking first
/// saves a round trip per message; duplicates are the rare case.
/// </summary>
public abstract partial class IdempotentConsumer(IDocumentStore store, TimeProvider time, ILogger logger)
{
    /// <summary>Runs <paramref name="apply"/> (which stages its effect in the session) and commits it with the MessageId record.</summary>
    protected async Task ApplyOnceAsync<TMessage>(ConsumeContext<TMessage> context, Func<IDocumentSession, Task> apply)
        where TMessage : class
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a MessageId and cannot be applied idempotently.");

        await using var session = store.LightweightSession();
        TraceContext.Stamp(session);

        using var activity = MessagingTelemetry.Source.StartActivity($"apply {typeof(TMessage).Name}");
        activity?.SetTag("messaging.message.id", messageId);

        session.Insert(new ProcessedMessage(messageId, typeof(TMessage).Name, time.GetUtcNow()));
        await apply(session);
        try
        {
            await session.SaveChangesAsync(context.CancellationToken);
        }
        catch (DocumentAlreadyExistsException exception) when (exception.DocType == typeof(ProcessedMessage))
        {
            LogDuplicate(typeof(TMessage).Name, messageId);
        }
    }

    /// <summary>
    /// As <see cref="ApplyOnceAsync{TMessage}(ConsumeContext{TMessage}, Func{IDocumentSession, Task})"/>, in a transaction the
    /// caller opened and commits: for a consumer whose effect also includes SQL of its own, written in the same
    /// transaction. False when the message was applied already: the transaction is then aborted, and the caller leaves
    /// it (rolls it back) without writing anything more.
    /// </summary>
    protected async Task<bool> ApplyOnceAsync<TMessage>(ConsumeContext<TMessage> context, NpgsqlTransaction transaction, Func<IDocumentSession, Task> apply)
        where TMessage : class
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a MessageId and cannot be applied idempotently.");

        await using var session = store.LightweightSession(SessionOptions.ForTransaction(transaction, shouldAutoCommit: false));
        TraceContext.Stamp(session);

        using var activity = MessagingTelemetry.Source.StartActivity($"apply {typeof(TMessage).Name}");
        activity?.SetTag("messaging.message.id", messageId);

        session.Insert(new ProcessedMessage(messageId, typeof(TMessage).Name, time.GetUtcNow()));
        await apply(session);
        try
        {
            await session.SaveChangesAsync(context.CancellationToken);
            return true;
        }
        catch (DocumentAlreadyExistsException exception) when (exception.DocType == typeof(ProcessedMessage))
        {
            LogDuplicate(typeof(TMessage).Name, messageId);
            return false;
        }
    }

    /// <summary>
    /// As <see cref="ApplyBatchOnceAsync{TMessage}(ConsumeContext{Batch{TMessage}}, Func{IDocumentSession, IReadOnlyList{ConsumeContext{TMessage}}, Task})"/>,
    /// in a transaction the caller opened and commits: returns the messages not applied before (recorded now, with
    /// what <paramref name="apply"/> staged), for the caller to apply its own SQL for them in the same transaction.
    /// </summary>
    protected async Task<IReadOnlyList<ConsumeContext<TMessage>>> ApplyBatchOnceAsync<TMessage>(
        ConsumeContext<Batch<TMessage>> context,
        NpgsqlTransaction transaction,
        Func<IDocumentSession, IReadOnlyList<ConsumeContext<TMessage>>, Task> apply)
        where TMessage : class
    {
        var messages = context.Message.ToList();
        if (messages.Any(message => message.MessageId is null))
        {
            throw new InvalidOperationException($"A {typeof(TMessage).Name} arrived without a MessageId and cannot be applied idempotently.");
        }

        await using var session = store.LightweightSession(SessionOptions.ForTransaction(transaction, shouldAutoCommit: false));
        TraceContext.Stamp(session);
        using var activity = MessagingTelemetry.Source.StartActivity($"apply {typeof(TMessage).Name} ×{messages.Count}");
        activity?.SetTag("messaging.batch.message_count", messages.Count);
        if (messages.Count == 1)
        {
            // A lone event (the usual case outside imports) keeps the identity a single consume would tag.
            activity?.SetTag("messaging.message.id", messages[0].MessageId);
        }

        var ids = messages.Select(message => message.MessageId!.Value).Distinct().ToArray();
        var applied = (await session.LoadManyAsync<ProcessedMessage>(context.CancellationToken, ids)).Select(record => record.Id).ToHashSet();
        var fresh = messages.Where(message => !applied.Contains(message.MessageId!.Value)).DistinctBy(message => message.MessageId).ToList();
        if (fresh.Count == 0)
        {
            return fresh;
        }

        var now = time.GetUtcNow();
        foreach (var message in fresh)
        {
            session.Insert(new ProcessedMessage(message.MessageId!.Value, typeof(TMessage).Name, now));
        }

        await apply(session, fresh);
        await session.SaveChangesAsync(context.CancellationToken);
        return fresh;
    }

    /// <summary>
    /// As <see cref="ApplyKeyedBatchAsync{TMessage}"/>, for one message that carries many things, each with its own
    /// identity (a thousand reports): <paramref name="apply"/> leaves out what was applied already.
    /// </summary>
    protected async Task ApplyKeyedAsync<TMessage>(ConsumeContext<TMessage> context, NpgsqlTransaction transaction, Func<IDocumentSession, Task> apply)
        where TMessage : class
    {
        await using var session = store.LightweightSession(SessionOptions.ForTransaction(transaction, shouldAutoCommit: false));
        TraceContext.Stamp(session);
        using var activity = MessagingTelemetry.Source.StartActivity($"apply {typeof(TMessage).Name}");
        activity?.SetTag("messaging.message.id", context.MessageId);
        await apply(session);
        await session.SaveChangesAsync(context.CancellationToken);
    }

    /// <summary>
    /// Applies a batch whose messages carry their own identity (a report's id), in a transaction the caller opened and
    /// commits. What was applied already is left out by that identity, by <paramref name="apply"/>, instead of by
    /// MessageId records: one write less per message, and a message republished under a new MessageId is still
    /// applied once.
    /// </summary>
    protected async Task ApplyKeyedBatchAsync<TMessage>(
        ConsumeContext<Batch<TMessage>> context,
        NpgsqlTransaction transaction,
        Func<IDocumentSession, IReadOnlyList<ConsumeContext<TMessage>>, Task> apply)
        where TMessage : class
    {
        var messages = context.Message.ToList();
        await using var session = store.LightweightSession(SessionOptions.ForTransaction(transaction, shouldAutoCommit: false));
        TraceContext.Stamp(session);
        using var activity = MessagingTelemetry.Source.StartActivity($"apply {typeof(TMessage).Name} ×{messages.Count}");
        activity?.SetTag("messaging.batch.message_count", messages.Count);
        await apply(session, messages);
        await session.SaveChangesAsync(context.CancellationToken);
    }

    /// <summary>
    /// Applies a batch of messages in one transaction: those already applied (or repeated within the batch)
    /// are left out, and the rest are recorded with their effect. A concurrent duplicate makes the commit
    /// fail on a MessageId record; the retry then leaves out whatever the other delivery committed.
    /// </summary>
    protected async Task ApplyBatchOnceAsync<TMessage>(
        ConsumeContext<Batch<TMessage>> context,
        Func<IDocumentSession, IReadOnlyList<ConsumeContext<TMessage>>, Task> apply)
        where TMessage : class
    {
        var messages = context.Message.ToList();
        if (messages.Any(message => message.MessageId is null))
        {
            throw new InvalidOperationException($"A {typeof(TMessage).Name} arrived without a MessageId and cannot be applied idempotently.");
        }

        await using var session = store.LightweightSession();
        TraceContext.Stamp(session);
        using var activity = MessagingTelemetry.Source.StartActivity($"apply {typeof(TMessage).Name} ×{messages.Count}");
        activity?.SetTag("messaging.batch.message_count", messages.Count);

        var ids = messages.Select(message => message.MessageId!.Value).Distinct().ToArray();
        var applied = (await session.LoadManyAsync<ProcessedMessage>(context.CancellationToken, ids)).Select(record => record.Id).ToHashSet();
        var fresh = messages.Where(message => !applied.Contains(message.MessageId!.Value)).DistinctBy(message => message.MessageId).ToList();
        if (fresh.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        foreach (var message in fresh)
        {
            session.Insert(new ProcessedMessage(message.MessageId!.Value, typeof(TMessage).Name, now));
        }

        await apply(session, fresh);
        await session.SaveChangesAsync(context.CancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{MessageType} {MessageId} was already applied; ignored")]
    private partial void LogDuplicate(string messageType, Guid messageId);
}
