using JasperFx.Events.Projections;
using MassTransit;
using TalentPlatform.Compensation.Contracts;
using TalentPlatform.Deals.Contracts;
using TalentPlatform.EventStore;
using TalentPlatform.Insights.GettingBenchmarks;
using TalentPlatform.Insights.GettingClaimsQuality;
using TalentPlatform.Insights.GettingLeagueTable;
using TalentPlatform.Insights.GettingMarketHeat;
using TalentPlatform.Insights.GettingTalentFlows;
using TalentPlatform.Insights.GettingTalentVsCompute;
using TalentPlatform.Insights.Rebuilding;
using TalentPlatform.Insights.ReceivingCompensation;
using TalentPlatform.Insights.ReceivingDeals;
using TalentPlatform.Insights.ReceivingPeople;
using TalentPlatform.Insights.RecordingReferenceData;
using TalentPlatform.Messaging;
using TalentPlatform.People.Contracts;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Insights;

public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddGatewayIdentity();
        // Rich appends (the default): two deliveries for one deal collide on the stream version and
        // one retries, so an inline read model never keeps a stale read. Quick appends would lose it.
        builder.AddEventStore("talent_insights", options =>
        {
            // Received integration events are stored under their exchange names, which are stable.
            foreach (var contract in new[]
            {
                typeof(DealRumoured), typeof(DealAnnounced), typeof(DealTermsChanged),
                typeof(DealClosed), typeof(DealCancelled), typeof(TalentAttachedToDeal),
                typeof(OrganizationRegistered), typeof(OrganizationAliasAdded), typeof(OrganizationParentChanged),
                typeof(PersonRegistered), typeof(TalentMoved), typeof(EmploymentRecorded),
                typeof(CompensationObserved), typeof(OfferExtended), typeof(OfferOutcomeRecorded), typeof(CompensationSubmitted),
            })
            {
                options.Events.MapEventType(contract, ContractEntityNameFormatter.ExchangeName(contract)!);
            }

            options.Projections.Add<DealFactProjection>(ProjectionLifecycle.Inline);
            options.Projections.Add<OrganizationNodeProjection>(ProjectionLifecycle.Inline);
            options.Projections.Add<MoveFactProjection>(ProjectionLifecycle.Inline);
            options.Projections.Add<OfferFactProjection>(ProjectionLifecycle.Inline);
            options.Projections.Snapshot<FxRate>(SnapshotLifecycle.Inline);
            options.Projections.Snapshot<ModelTrainingCost>(SnapshotLifecycle.Inline);
            GetLeagueTableEndpoint.Configure(options);
            PayRows.Configure(options);
            PayCells.Configure(options);
            ReadModelPositions.Configure(options);
        });
        builder.AddMessageBus(
            "insights",
            bus =>
            {
                bus.AddConsumer<DealEventsConsumer, DealEventsConsumerDefinition>();
                bus.AddConsumer<PeopleEventsConsumer, PeopleEventsConsumerDefinition>();
                bus.AddConsumer<CompensationEventsConsumer, CompensationEventsConsumerDefinition>().ExcludeFromConfigureEndpoints();
                bus.AddConsumer<CompensationObservedConsumer, CompensationObservedConsumerDefinition>().ExcludeFromConfigureEndpoints();
                bus.AddConsumer<CompensationSubmittedConsumer, CompensationSubmittedConsumerDefinition>().ExcludeFromConfigureEndpoints();
            },
            (context, rabbit, prefix) =>
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
            });

        builder.Services.AddHostedService<DefaultFxRates>();
        builder.Services.AddSingleton<PayCellRefresh>();
        builder.Services.AddHostedService(services => services.GetRequiredService<PayCellRefresh>());
        builder.Services.AddSingleton<RebuildWorker>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RebuildWorker>());

        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapReferenceData();
        app.MapGetLeagueTable();
        app.MapGetTalentFlows();
        app.MapGetBenchmarks();
        app.MapGetBenchmarkFacts();
        app.MapGetTalentVsCompute();
        app.MapGetClaimsQuality();
        app.MapGetMarketHeat();
        app.MapRebuilds();
        await app.RunAsync();
    }
}
