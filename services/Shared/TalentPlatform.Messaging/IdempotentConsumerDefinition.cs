using MassTransit;

namespace TalentPlatform.Messaging;

/// <summary>
/// The retry policy every consumer starts from: quick in-memory retries for optimistic-concurrency
/// collisions and brief database hiccups, then the error queue. A message rejected for what it is
/// (<see cref="RejectedMessageException"/>: forged, or without its tenant) goes there at once.
/// </summary>
public abstract class IdempotentConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    /// <summary>How long a batch waits to fill: a lone message waits little.</summary>
    private static readonly TimeSpan BatchTimeLimit = TimeSpan.FromMilliseconds(20);

    private (int Size, int Concurrent)? _batches;

    /// <summary>
    /// For a batch consumer: up to <paramref name="size"/> messages a batch, gathered for at most 20 ms,
    /// <paramref name="concurrent"/> batches at once; its queue must prefetch size × concurrent for full batches to form.
    /// </summary>
    protected void InBatches(int size, int concurrent)
    {
        _batches = (size, concurrent);
        ConcurrentMessageLimit = size * concurrent;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // On the consumer, not the endpoint: consumers that share a queue each bring their own policy once,
        // and a batch consumer retries its whole batch.
        consumerConfigurator.UseMessageRetry(retry =>
        {
            retry.Exponential(
                retryLimit: 8,
                minInterval: TimeSpan.FromMilliseconds(50),
                maxInterval: TimeSpan.FromSeconds(5),
                intervalDelta: TimeSpan.FromMilliseconds(100));
            retry.Ignore<RejectedMessageException>();
        });
        if (_batches is { } batches)
        {
            consumerConfigurator.Options<BatchOptions>(batch => batch.SetMessageLimit(batches.Size).SetTimeLimit(BatchTimeLimit).SetConcurrencyLimit(batches.Concurrent));
        }
    }
}
