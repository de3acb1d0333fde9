using System.Globalization;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Insights.GettingMarketHeat;

/// <summary>One ISO week (Monday to Sunday): how many deals were announced, people moved and offers made in it.</summary>
public sealed record HeatWeek(string Week, DateOnly Starts, int Deals, int Moves, int People, bool PeopleIsMinimum, int Offers, IReadOnlyList<Guid> Facts);

public sealed record MarketHeatAnswer(int Weeks, DateOnly From, DateOnly To, IReadOnlyList<HeatWeek> Items);

internal sealed class GetMarketHeatEndpoint : IUseCase
{
    public const int MaxWeeks = 260;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/insights/market-heat", HandleAsync)
            .WithName("GetMarketHeat")
            .WithSummary("Weekly counts of deals (by announcement day), moves (by move date) and offers (by the day made) over the last ?weeks= weeks.");
    }

    private static async Task<IResult> HandleAsync(string? weeks, IQuerySession session, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var count = QueryParameters.Number(weeks, "weeks", MaxWeeks, 12, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var thisWeek = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var from = thisWeek.AddDays(-7 * (count - 1));
        var to = thisWeek.AddDays(6);

        var deals = (await session.Query<DealFact>().ToListAsync(cancellationToken))
            .Where(deal => deal.WasAnnounced() && deal.AnnouncedOn >= from && deal.AnnouncedOn <= to)
            .Select(deal => (Day: deal.AnnouncedOn!.Value, deal.Id));
        var moves = (await session.Query<MoveFact>().ToListAsync(cancellationToken)).Where(move => move.OnEarliest >= from && move.OnEarliest <= to).ToList();
        var offers = (await session.Query<OfferFact>().ToListAsync(cancellationToken))
            .Where(offer => offer.ExtendedOn >= from && offer.ExtendedOn <= to)
            .Select(offer => (Day: offer.ExtendedOn, offer.Id));

        var dealsByWeek = deals.ToLookup(deal => WeekOf(deal.Day));
        var movesByWeek = moves.ToLookup(move => WeekOf(move.OnEarliest));
        var offersByWeek = offers.ToLookup(offer => WeekOf(offer.Day));
        var items = Enumerable.Range(0, count).Select(i =>
        {
            var starts = from.AddDays(7 * i);
            var weekMoves = movesByWeek[starts].ToList();
            return new HeatWeek(
                ISOWeek.GetYear(starts.ToDateTime(TimeOnly.MinValue)) + "-W" + ISOWeek.GetWeekOfYear(starts.ToDateTime(TimeOnly.MinValue)).ToString("D2", CultureInfo.InvariantCulture),
                starts,
                dealsByWeek[starts].Count(),
                weekMoves.Count,
                weekMoves.Sum(move => move.Count),
                weekMoves.Any(move => move.CountIsMinimum),
                offersByWeek[starts].Count(),
                [.. dealsByWeek[starts].Select(deal => deal.Id).Order(), .. weekMoves.Select(move => move.Id).Order(), .. offersByWeek[starts].Select(offer => offer.Id).Order()]);
        }).ToList();
        return TypedResults.Ok(new MarketHeatAnswer(count, from, to, items));
    }

    /// <summary>The Monday that starts the day's ISO week.</summary>
    private static DateOnly WeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
