using JasperFx.Events;
using MassTransit;
using TalentPlatform.Compensation.Contracts;
using TalentPlatform.Deals.Contracts;
using TalentPlatform.Insights.ReceivingCompensation;
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
        typeof(CompensationObserved), typeof(CompensationObservedInBulk), typeof(OfferExtended), typeof(OfferOutcomeRecorded), typeof(CompensationSubmitted),
    ];

    /// <summary>The contracts taken in batches, each on the queue of its publisher.</summary>
    private static readonly Type[] DealContracts =
    [
        typeof(DealRumoured), typeof(DealAnnounced), typeof(DealTermsChanged), typeof(DealClosed), typeof(DealCancelled), typeof(TalentAttachedToDeal),
    ];

    private static readonly Type[] PeopleContracts =
    [
        typeof(OrganizationRegistered), typeof(OrganizationAliasAdded), typeof(OrganizationParentChanged),
        typeof(PersonRegistered), typeof(TalentMoved), typeof(EmploymentRecorded),
    ];

    /// <summary>
    /// Received integration events are stored under their exchange names, which are stable. Appends are quick (the
    /// stream's version is taken in the database): writers of one stream queue up on the read models' lock anyway, and
    /// a batch of reports is one call instead of one statement per event.
    /// </summary>
    public static void Store(StoreOptions options)
    {
        foreach (var contract in Contracts)
        {
            options.Events.MapEventType(contract, ContractEntityNameFormatter.ExchangeName(contract)!);
        }

        options.Events.AppendMode = EventAppendMode.Quick;
    }

    public static void Consumers(IBusRegistrationConfigurator bus)
    {
        foreach (var contract in DealContracts.Concat(PeopleContracts))
        {
            bus.AddConsumer(typeof(ReceivingBatchConsumer<>).MakeGenericType(contract), typeof(ReceivingBatchConsumerDefinition<>).MakeGenericType(contract))
                .ExcludeFromConfigureEndpoints();
        }

        bus.AddConsumer<CompensationEventsConsumer, CompensationEventsConsumerDefinition>().ExcludeFromConfigureEndpoints();
        bus.AddConsumer<CompensationObservedConsumer, CompensationObservedConsumerDefinition>().ExcludeFromConfigureEndpoints();
        bus.AddConsumer<CompensationObservedInBulkConsumer, CompensationObservedInBulkConsumerDefinition>().ExcludeFromConfigureEndpoints();
        bus.AddConsumer<CompensationSubmittedConsumer, CompensationSubmittedConsumerDefinition>().ExcludeFromConfigureEndpoints();
    }

    public static void Queues(IBusRegistrationContext context, IRabbitMqBusFactoryConfigurator rabbit, string prefix)
    {
        // Each publisher's events share one queue, each contract taken in its own batches.
        foreach (var (queue, contracts) in new[] { ("insights-deal-events", DealContracts), ("insights-people-events", PeopleContracts) })
        {
            rabbit.ReceiveEndpoint(prefix + queue, endpoint =>
            {
                endpoint.PrefetchCount = ReceivingBatchConsumerDefinition<DealAnnounced>.BatchSize * ReceivingBatchConsumerDefinition<DealAnnounced>.Batches * 2;
                foreach (var contract in contracts)
                {
                    endpoint.ConfigureConsumer(context, typeof(ReceivingBatchConsumer<>).MakeGenericType(contract));
                }
            });
        }

        // Compensation's public events share one queue: pay reports are taken in batches, offers one by one.
        rabbit.ReceiveEndpoint(prefix + "insights-compensation-events", endpoint =>
        {
            endpoint.PrefetchCount = CompensationObservedConsumerDefinition.Prefetch;
            endpoint.ConfigureConsumer<CompensationEventsConsumer>(context);
            endpoint.ConfigureConsumer<CompensationObservedConsumer>(context);
        });

        // Reports in bulk (a thousand a message) on a queue of their own, which prefetches a few messages, not a thousand.
        rabbit.ReceiveEndpoint(prefix + "insights-compensation-bulk", endpoint =>
        {
            endpoint.PrefetchCount = CompensationObservedInBulkConsumerDefinition.Prefetch;
            endpoint.ConfigureConsumer<CompensationObservedInBulkConsumer>(context);
        });

        // Tenant rows arrive on the one queue Compensation sends them to, bound to no exchange.
        rabbit.ReceiveEndpoint(prefix + CompensationSubmitted.Queue, endpoint =>
        {
            endpoint.ConfigureConsumeTopology = false;
            endpoint.PrefetchCount = CompensationSubmittedConsumerDefinition.Prefetch;
            endpoint.ConfigureConsumer<CompensationSubmittedConsumer>(context);
        });
    }

    /// <summary>The stream a received event is kept in: the thing it is about.</summary>
    public static Guid StreamOf(object message) => message switch
    {
        DealRumoured e => e.Deal.Id,
        DealAnnounced e => e.Deal.Id,
        DealTermsChanged e => e.Deal.Id,
        DealClosed e => e.Deal.Id,
        DealCancelled e => e.Deal.Id,
        TalentAttachedToDeal e => e.Deal.Id,
        OrganizationRegistered e => e.Organization.Id,
        OrganizationAliasAdded e => e.Organization.Id,
        OrganizationParentChanged e => e.Organization.Id,
        PersonRegistered e => e.PersonId,
        EmploymentRecorded e => e.PersonId,
        TalentMoved e => e.MoveId,
        _ => throw new InvalidOperationException($"{message.GetType().Name} is not kept in a stream of its own."),
    };
}
