using JasperFx.Events.Projections;
using JasperFx.MultiTenancy;
using TalentPlatform.Compensation.Extending;
using TalentPlatform.Compensation.GettingObservation;
using TalentPlatform.Compensation.GettingOffer;
using TalentPlatform.Compensation.GettingSubmission;
using TalentPlatform.Compensation.ListingObservations;
using TalentPlatform.Compensation.ListingOffers;
using TalentPlatform.Compensation.ListingSubmissions;
using TalentPlatform.Compensation.Observing;
using TalentPlatform.Compensation.ObservingInBatches;
using TalentPlatform.Compensation.Publishing;
using TalentPlatform.Compensation.RecordingOutcome;
using TalentPlatform.Compensation.Submitting;
using TalentPlatform.Compensation.SubmittingInBatches;
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
                ListObservationsEndpoint.Configure(options);
                ListOffersEndpoint.Configure(options);
                ListSubmissionsEndpoint.Configure(options);
            })
            .PublishIntegrationEvents<CompensationIntegrationEvents>();
        builder.AddMessageBus("compensation");

        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapObserveCompensation();
        app.MapObserveCompensationBatch();
        app.MapGetObservation();
        app.MapListObservations();
        app.MapExtendOffer();
        app.MapRecordOutcome();
        app.MapGetOffer();
        app.MapListOffers();
        app.MapSubmitCompensation();
        app.MapSubmitCompensationBatch();
        app.MapGetSubmission();
        app.MapListSubmissions();
        await app.RunAsync();
    }
}
