using TalentPlatform.Insights.ComparingDeals;
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
    public static Task Main(string[] args) => new PlatformService("insights")
        .Store(ReceivedEvents.Store)
        .Consumes(ReceivedEvents.Consumers, ReceivedEvents.Queues)
        .Store(Generations.Configure)
        .Snapshot<FxRate>()
        .Snapshot<ModelTrainingCost>()
        .Services(builder =>
        {
            builder.Services.AddSingleton<ReadModels>();
            builder.Services.AddHostedService<DefaultFxRates>();
            builder.Services.AddSingleton<PayIndexFollower>();
            builder.Services.AddHostedService(services => services.GetRequiredService<PayIndexFollower>());
            builder.Services.AddSingleton<Rebuilder>();
            builder.Services.AddHostedService(services => services.GetRequiredService<Rebuilder>());
        })
        .UseCase<ReferenceEndpoints>()
        .UseCase<GetLeagueTableEndpoint>()
        .UseCase<GetLeagueTableFactsEndpoint>()
        .UseCase<GetImpliedValuationEndpoint>()
        .UseCase<CompareDealsEndpoint>()
        .UseCase<GetTalentFlowsEndpoint>()
        .UseCase<GetTalentFlowFactsEndpoint>()
        .UseCase<GetBenchmarksEndpoint>()
        .UseCase<GetBenchmarkFactsEndpoint>()
        .UseCase<GetTalentVsComputeEndpoint>()
        .UseCase<GetClaimsQualityEndpoint>()
        .UseCase<GetClaimsQualityFactsEndpoint>()
        .UseCase<GetMarketHeatEndpoint>()
        .UseCase<GetMarketHeatFactsEndpoint>()
        .UseCase<RebuildEndpoints>()
        .RunAsync(args);
}
