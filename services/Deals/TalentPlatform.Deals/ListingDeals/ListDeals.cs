using System.Globalization;
using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.WebUtilities;
using TalentPlatform.Deals.GettingDealDetails;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Validation;

namespace TalentPlatform.Deals.ListingDeals;

/// <param name="NextPage">The address of the next page, or null on the last one.</param>
public sealed record DealPage(IReadOnlyList<DealView> Items, int Page, int PageSize, long TotalItems, string? NextPage);

internal static class ListDealsEndpoint
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapListDeals(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/deals", HandleAsync)
            .WithName("ListDeals")
            .WithSummary("Deals, latest recorded first, filtered by organization (either side), type, status and announcement dates; paged.");
        return app;
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
        string? page,
        string? pageSize,
        IQuerySession session,
        HttpRequest request,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.When(organization is not null && !Slugs.IsValid(organization), "organization", "An organization slug.");
        errors.When(type is not null && !WireNames.TryParse<DealType>(type, out _), "type", $"One of {WireNames.All<DealType>()}.");
        errors.When(status is not null && !WireNames.TryParse<DealStatus>(status, out _), "status", $"One of {WireNames.All<DealStatus>()}.");
        var fromDate = ParseDate(from, "from", errors);
        var toDate = ParseDate(to, "to", errors);
        errors.When(fromDate > toDate, "to", "The range ends before it starts.");
        var pageNumber = ParseInt(page, "page", 1, int.MaxValue, 1, errors);
        var size = ParseInt(pageSize, "pageSize", 1, MaxPageSize, DefaultPageSize, errors);
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
        if (fromDate is { } start)
        {
            deals = deals.Where(deal => deal.AnnouncedOn >= start);
        }

        if (toDate is { } end)
        {
            deals = deals.Where(deal => deal.AnnouncedOn <= end);
        }

        var found = await deals
            .OrderByDescending(deal => deal.RecordedAt)
            .ThenBy(deal => deal.Id)
            .ToPagedListAsync(pageNumber, size, cancellationToken);

        var next = found.HasNextPage
            ? QueryHelpers.AddQueryString(request.Path, request.Query
                .Where(pair => pair.Key != "page")
                .SelectMany(pair => pair.Value.Select(value => KeyValuePair.Create(pair.Key, value)))
                .Append(KeyValuePair.Create("page", (string?)(pageNumber + 1).ToString(CultureInfo.InvariantCulture))))
            : null;
        return TypedResults.Ok(new DealPage(
            [.. found.Select(deal => DealView.From(deal, deal.Version))],
            pageNumber,
            size,
            found.TotalItemCount,
            next));
    }

    private static DateOnly? ParseDate(string? text, string field, ValidationErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        var valid = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
        errors.When(!valid, field, "A date such as 2025-06-12.");
        return valid ? date : null;
    }

    private static int ParseInt(string? text, string field, int min, int max, int fallback, ValidationErrors errors)
    {
        if (text is null)
        {
            return fallback;
        }

        var valid = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max;
        errors.When(!valid, field, $"A whole number from {min} to {max}.");
        return valid ? number : fallback;
    }
}
