using Marten;
using Microsoft.Extensions.DependencyInjection;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Messaging;

public static class IntegrationEvents
{
    /// <summary>
    /// Publishes the service's integration events, mapped by <typeparamref name="TMapper"/>, through the
    /// one subscription every publishing service runs.
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression PublishIntegrationEvents<TMapper>(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten)
        where TMapper : class, IIntegrationEventMapper
    {
        marten.Services.AddSingleton<IIntegrationEventMapper, TMapper>();
        marten.Services.AddSingleton<PublisherStatus>();
        marten.Services.AddHealthChecks().AddCheck<PublisherHealthCheck>("publisher", tags: [Health.Ready]);
        return marten.AddSubscriptionWithServices<IntegrationEventPublisher>(ServiceLifetime.Singleton, subscription =>
        {
            subscription.Name = IntegrationEventPublisher.SubscriptionName;
            // Pages of up to a thousand events: imports append by the thousand, single commands one at a time.
            subscription.Options.BatchSize = 1000;
        });
    }
}
