using MassTransit;

namespace TalentPlatform.Messaging;

/// <summary>
/// The retry policy every consumer starts from: quick in-memory retries for optimistic-concurrency
/// collisions and brief database hiccups, then delayed redelivery, then the error queue.
/// </summary>
public abstract class IdempotentConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(
            retryLimit: 8,
            minInterval: TimeSpan.FromMilliseconds(50),
            maxInterval: TimeSpan.FromSeconds(5),
            intervalDelta: TimeSpan.FromMilliseconds(100)));
    }
}
