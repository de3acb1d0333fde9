using JasperFx.Events.Projections;
using TalentPlatform.Deals.Announcing;
using TalentPlatform.Deals.AttachingTalent;
using TalentPlatform.Deals.Cancelling;
using TalentPlatform.Deals.ClaimingTerms;
using TalentPlatform.Deals.Closing;
using TalentPlatform.Deals.Importing;
using TalentPlatform.Deals.GettingDealDetails;
using TalentPlatform.Deals.ListingDeals;
using TalentPlatform.Deals.Publishing;
using TalentPlatform.Deals.Recording;
using TalentPlatform.EventStore;
using TalentPlatform.Imports;
using TalentPlatform.Messaging;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Deals;

public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddGatewayIdentity();
        builder.AddEventStore("talent_deals", options =>
            {
                // The deal's state is kept inline with its events: commands fetch it with its version,
                // reads and lists query it, and it is never behind what was written.
                options.Projections.Snapshot<Deal>(SnapshotLifecycle.Inline);
                ListDealsEndpoint.Configure(options);
            })
            .PublishIntegrationEvents<DealIntegrationEvents>();
        builder.AddMessageBus("deals");
        builder.AddImports("deals", ImportDeals.Kind);

        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapRecordDeal();
        app.MapAnnounceDeal();
        app.MapCloseDeal();
        app.MapCancelDeal();
        app.MapClaimTerms();
        app.MapAttachTalent();
        app.MapGetDeal();
        app.MapListDeals();
        app.MapImports();
        await app.RunAsync();
    }
}
