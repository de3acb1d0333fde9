using TalentPlatform.Deals.Announcing;
using TalentPlatform.Deals.AttachingTalent;
using TalentPlatform.Deals.Cancelling;
using TalentPlatform.Deals.ClaimingTerms;
using TalentPlatform.Deals.Closing;
using TalentPlatform.Deals.GettingDealDetails;
using TalentPlatform.Deals.Importing;
using TalentPlatform.Deals.ListingDeals;
using TalentPlatform.Deals.Publishing;
using TalentPlatform.Deals.Recording;

namespace TalentPlatform.Deals;

public sealed class Program
{
    public static Task Main(string[] args) => new PlatformService("deals")
        .Snapshot<Deal>()
        .Publishes<DealIntegrationEvents>()
        .UseCase<RecordDealEndpoint>()
        .UseCase<AnnounceDealEndpoint>()
        .UseCase<CloseDealEndpoint>()
        .UseCase<CancelDealEndpoint>()
        .UseCase<ClaimTermsEndpoint>()
        .UseCase<AttachTalentEndpoint>()
        .UseCase<GetDealEndpoints>()
        .UseCase<ListDealsEndpoint>()
        .Imports(ImportDeals.Kind)
        .RunAsync(args);
}
