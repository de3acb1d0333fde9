using Marten.Pagination;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Deals.ListingDeals;

internal sealed class ListDealsEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/deals", HandleAsync)
            .WithName("ListDeals").Lists<DealView>()
            .WithSummary("Deals, latest recorded first, filtered by organization (either side), type, status and announcement dates; paged.");
    }

    /// <summary>The columns the filters read, duplicated out of the JSON and indexed.</summary>
    public static void Configure(StoreOptions options) =>
        options.Schema.For<Deal>()
            .Duplicate(deal => deal.Acquirer)
            .Duplicate(deal => deal.Target)
            .Duplicate(deal => deal.Type)
            .Duplicate(deal => deal.Status)
            .Duplicate(deal => deal.AnnouncedOn!);

    private static async Task<IResult> HandleAsync(
        string? organization,
        string? type,
        string? status,
        string? from,
        string? to,
        IQuerySession session,
        HttpRequest request,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.When(organization is not null && !Slugs.IsValid(organization), "organization", "An organization slug.");
        errors.When(type is not null && !WireNames.TryParse<DealType>(type, out _), "type", $"One of {WireNames.All<DealType>()}.");
        errors.When(status is not null && !WireNames.TryParse<DealStatus>(status, out _), "status", $"One of {WireNames.All<DealStatus>()}.");
        var range = QueryParameters.DateRange(from, to, errors);
        var (page, pageSize) = Paging.Read(request, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The deal filters are not valid.");
        }

        IQueryable<Deal> deals = session.Query<Deal>();
        if (organization is not null)
        {
            deals = deals.Where(deal => deal.Acquirer == organization || deal.Target == organization);
        }

        if (WireNames.TryParse<DealType>(type, out var dealType))
        {
            deals = deals.Where(deal => deal.Type == dealType);
        }

        if (WireNames.TryParse<DealStatus>(status, out var dealStatus))
        {
            deals = deals.Where(deal => deal.Status == dealStatus);
        }

        // The range is on the announcement day: a rumour, never announced, has none and falls outside it.
        if (range.From is { } start)
        {
            deals = deals.Where(deal => deal.AnnouncedOn >= start);
        }

        if (range.To is { } end)
        {
            deals = deals.Where(deal => deal.AnnouncedOn <= end);
        }

        var found = await deals
            .OrderByDescending(deal => deal.RecordedAt)
            .ThenBy(deal => deal.Id)
            .ToPagedListAsync(page, pageSize, cancellationToken);
        return TypedResults.Ok(Paging.Of(request, [.. found.Select(deal => DealView.From(deal, deal.Version))], page, pageSize, found.TotalItemCount));
    }
}
