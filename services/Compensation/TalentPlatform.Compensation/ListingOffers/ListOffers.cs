using Marten.Pagination;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Compensation.ListingOffers;

internal sealed class ListOffersEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/compensation/offers", HandleAsync).WithName("ListOffers").Lists<Offer>().WithTags(ApiTags.Offers).WithSummary("Offers by ?organization=, latest first; paged.");
    }

    /// <summary>
    /// Market data sits under the default tenant (events are conjoined, so their snapshots are too); the
    /// organization the filter reads is duplicated out of the JSON.
    /// </summary>
    public static void Configure(StoreOptions options) => options.Schema.For<Offer>().MultiTenanted().Duplicate(offer => offer.Organization);

    private static async Task<IResult> HandleAsync(string? organization, IQuerySession session, HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().When(organization is not null && !Slugs.IsValid(organization), "organization", "An organization slug.");
        var (page, pageSize) = Paging.Read(request, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The filters are not valid.");
        }

        IQueryable<Offer> offers = session.Query<Offer>();
        if (organization is not null)
        {
            offers = offers.Where(offer => offer.Organization == organization);
        }

        var found = await offers.OrderByDescending(offer => offer.RecordedAt).ThenBy(offer => offer.Id).ToPagedListAsync(page, pageSize, cancellationToken);
        return TypedResults.Ok(Paging.Of(request, [.. found], page, pageSize, found.TotalItemCount));
    }
}
