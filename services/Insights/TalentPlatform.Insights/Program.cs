using JasperFx.Events.Projections;
using TalentPlatform.Insights.GettingBenchmarks;
using TalentPlatform.Insights.GettingClaimsQuality;
using TalentPlatform.Insights.GettingLeagueTable;
using TalentPlatform.Insights.GettingMarketHeat;
using TalentPlatform.Insights.GettingTalentFlows;
using TalentPlatform.Insights.GettingTalentVsCompute;
using TalentPlatform.Insights.Rebuilding;
using TalentPlatform.Insights.RecordingReferenceData;

namespace TalentPlatform.Insights;

public sealed class Program
{
    // Rich appends (the default): two deliveries for one deal collide on the stream version and one
    // retries, so an inline read model never keeps a stale read. Quick appends would lose it.
    public static Task Main(string[] args) => new PlatformService("insights")
        .Store(ReceivedEvents.Store)
        .Consumes(ReceivedEvents.Consumers, ReceivedEvents.Queues)
        .Store(options =>
        {
            options.Projections.Add<DealFactProjection>(ProjectionLifecycle.Inline);
            options.Projections.Add<OrganizationNodeProjection>(ProjectionLifecycle.Inline);
            options.Projections.Add<MoveFactProjection>(ProjectionLifecycle.Inline);
            options.Projections.Add<PayFactProjection>(ProjectionLifecycle.Inline);
            options.Projections.Add<OfferFactProjection>(ProjectionLifecycle.Inline);
        })
        .Snapshot<FxRate>()
        .Snapshot<ModelTrainingCost>()
        .Services(builder =>
        {
            builder.Services.AddHostedService<DefaultFxRates>();
            builder.Services.AddSingleton<RebuildWorker>();
            builder.Services.AddHostedService(services => services.GetRequiredService<RebuildWorker>());
        })
        .UseCase<ReferenceEndpoints>()
        .UseCase<GetLeagueTableEndpoint>()
        .UseCase<GetTalentFlowsEndpoint>()
        .UseCase<GetBenchmarksEndpoint>()
        .UseCase<GetTalentVsComputeEndpoint>()
        .UseCase<GetClaimsQualityEndpoint>()
        .UseCase<GetMarketHeatEndpoint>()
        .UseCase<RebuildEndpoints>()
        .RunAsync(args);
}
