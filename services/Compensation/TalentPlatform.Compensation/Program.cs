using JasperFx.Events.Projections;
using JasperFx.MultiTenancy;
using TalentPlatform.Compensation.Observations;
using TalentPlatform.Compensation.Offers;
using TalentPlatform.Compensation.Publishing;
using TalentPlatform.Compensation.Submissions;
using TalentPlatform.EventStore;
using TalentPlatform.Messaging;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Compensation;

public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddGatewayIdentity();
        builder.AddEventStore("talent_compensation", options =>
            {
                // Market data lives under the default tenant; each customer's submissions under its own.
                options.Events.TenancyStyle = TenancyStyle.Conjoined;
                options.Projections.Snapshot<Observation>(SnapshotLifecycle.Inline);
                options.Projections.Snapshot<Offer>(SnapshotLifecycle.Inline);
                options.Projections.Snapshot<Submission>(SnapshotLifecycle.Inline);
                ObservationEndpoints.Configure(options);
                OfferEndpoints.Configure(options);
                SubmissionEndpoints.Configure(options);
            })
            .PublishIntegrationEvents<CompensationIntegrationEvents>();
        builder.AddMessageBus("compensation");

        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapObservations();
        app.MapOffers();
        app.MapSubmissions();
        await app.RunAsync();
    }
}
