using JasperFx.MultiTenancy;
using TalentPlatform.Compensation.Extending;
using TalentPlatform.Compensation.GettingObservation;
using TalentPlatform.Compensation.GettingOffer;
using TalentPlatform.Compensation.GettingSubmission;
using TalentPlatform.Compensation.Importing;
using TalentPlatform.Compensation.ListingObservations;
using TalentPlatform.Compensation.ListingOffers;
using TalentPlatform.Compensation.ListingSubmissions;
using TalentPlatform.Compensation.Observing;
using TalentPlatform.Compensation.ObservingInBatches;
using TalentPlatform.Compensation.Publishing;
using TalentPlatform.Compensation.RecordingOutcome;
using TalentPlatform.Compensation.Submitting;
using TalentPlatform.Compensation.SubmittingInBatches;

namespace TalentPlatform.Compensation;

public sealed class Program
{
    public static Task Main(string[] args) => new PlatformService("compensation")
        // Market data lives under the default tenant; each customer's submissions under its own.
        .Store(options => options.Events.TenancyStyle = TenancyStyle.Conjoined)
        .Snapshot<Observation>()
        .Snapshot<Offer>()
        .Snapshot<Submission>()
        .Publishes<CompensationIntegrationEvents>()
        .UseCase<ObserveCompensationEndpoint>()
        .UseCase<ObserveCompensationBatchEndpoint>()
        .UseCase<GetObservationEndpoint>()
        .UseCase<ListObservationsEndpoint>()
        .UseCase<ExtendOfferEndpoint>()
        .UseCase<RecordOutcomeEndpoint>()
        .UseCase<GetOfferEndpoint>()
        .UseCase<ListOffersEndpoint>()
        .UseCase<SubmitCompensationEndpoint>()
        .UseCase<SubmitCompensationBatchEndpoint>()
        .UseCase<GetSubmissionEndpoint>()
        .UseCase<ListSubmissionsEndpoint>()
        .Imports(ImportPayReports.Kind, ImportPayroll.Kind)
        .RunAsync(args);
}
