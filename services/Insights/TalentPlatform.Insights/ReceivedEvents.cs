using MassTransit;
using TalentPlatform.Compensation.Contracts;
using TalentPlatform.Deals.Contracts;
using TalentPlatform.Insights.ReceivingCompensation;
using TalentPlatform.Insights.ReceivingDeals;
using TalentPlatform.Insights.ReceivingPeople;
using TalentPlatform.Messaging;
using TalentPlatform.People.Contracts;

namespace TalentPlatform.Insights;

/// <summary>What Insights receives: every publisher's contracts, kept in its own streams, and the queues they arrive on.</summary>
internal static class ReceivedEvents
{
    private static readonly Type[] Contracts =
    [
        typeof(DealRumoured), typeof(DealAnnounced), typeof(DealTermsChanged),
        typeof(DealClosed), typeof(DealCancelled), typeof(TalentAttachedToDeal),
        typeof(OrganizationRegistered), typeof(OrganizationAliasAdded), typeof(OrganizationParentChanged),
        typeof(PersonRegistered), typeof(TalentMoved), typeof(EmploymentRecorded),
        typeof(CompensationObserved), typeof(OfferExtended), typeof(OfferOutcomeRecorded), typeof(CompensationSubmitted),
    ];

    /// <summary>Received integration events are stored under their exchange names, which are stable.</summary>
    public static void Store(StoreOptions options)
    {
        foreach (var contract in Contracts)
        {
            options.Events.MapEventType(contract, ContractEntityNameFormatter.ExchangeName(contract)!);
        }
    }

    public static void Consumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<DealEventsConsumer, DealEventsConsumerDefinition>();
        bus.AddConsumer<PeopleEventsConsumer, PeopleEventsConsumerDefinition>();
        bus.AddConsumer<CompensationEventsConsumer, CompensationEventsConsumerDefinition>().ExcludeFromConfigureEndpoints();
        bus.AddConsumer<CompensationObservedConsumer, CompensationObservedConsumerDefinition>().ExcludeFromConfigureEndpoints();
        bus.AddConsumer<CompensationSubmittedConsumer, CompensationSubmittedConsumerDefinition>().ExcludeFromConfigureEndpoints();
    }

    public static void Queues(IBusRegistrationContext context, IRabbitMqBusFactoryConfigurator rabbit, string prefix)
    {
        // Compensation's public events share one queue: pay reports are taken in batches, offers one by one.
        rabbit.ReceiveEndpoint(prefix + "insights-compensation-events", endpoint =>
        {
            endpoint.PrefetchCount = CompensationObservedConsumerDefinition.Prefetch;
            endpoint.ConfigureConsumer<CompensationEventsConsumer>(context);
            endpoint.ConfigureConsumer<CompensationObservedConsumer>(context);
        });

        // Tenant rows arrive on the one queue Compensation sends them to, bound to no exchange.
        rabbit.ReceiveEndpoint(prefix + CompensationSubmitted.Queue, endpoint =>
        {
            endpoint.ConfigureConsumeTopology = false;
            endpoint.ConfigureConsumer<CompensationSubmittedConsumer>(context);
        });
    }
}
