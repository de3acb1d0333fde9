using JasperFx.Events.Projections;
using TalentPlatform.Deals.GettingDealDetails;
using TalentPlatform.Deals.Publishing;
using TalentPlatform.Deals.Recording;
using TalentPlatform.Messaging;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Deals;

public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddEventStore("talent_deals", options =>
            {
                options.Projections.Add<DealDetailsProjection>(ProjectionLifecycle.Inline);
            })
            .PublishIntegrationEvents<DealIntegrationEvents>();
        builder.AddMessageBus("deals");

        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapRecordDeal();
        app.MapGetDealDetails();
        await app.RunAsync();
    }
}
