using System.Globalization;
using Npgsql;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Insights.GettingMarketHeat;

/// <summary>
/// One ISO week (Monday to Sunday): how many deals were announced, people moved (at least, when a group was reported as
/// a minimum) and offers made in it; its facts a link away.
/// </summary>
public sealed record HeatWeek(string Week, DateOnly Starts, int Deals, int Moves, BoundedCount People, int Offers, string Facts);

public sealed record MarketHeatAnswer(int Weeks, DateOnly From, DateOnly To, IReadOnlyList<HeatWeek> Items);

/// <summary>Market heat from the per-week counters: at most 260 weeks, whatever the size of the market.</summary>
internal sealed class GetMarketHeatEndpoint : IUseCase
{
    public const string Route = "/api/insights/market-heat";
    public const int MaxWeeks = 260;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Route, HandleAsync)
            .WithName("GetMarketHeat").Answers<MarketHeatAnswer>().Revalidated()
            .WithSummary("Weekly counts of deals (by announcement day), moves (by move date) and offers (by the day made) over the last ?weeks= weeks (at most 260); each week links to its facts.");

    private static async Task<IResult> HandleAsync(string? weeks, HttpContext http, ReadModels readModels, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var count = QueryParameters.Number(weeks, "weeks", MaxWeeks, 12, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var from = HeatWeeks.WeekOf(today).AddDays(-7 * (count - 1));
        var to = HeatWeeks.WeekOf(today).AddDays(6);

        var generation = await readModels.LiveAsync(cancellationToken);
        await using var connection = await readModels.OpenAsync(cancellationToken);
        var position = await ReadModels.PositionAsync(connection, generation, [ReadModelWriter.Models.Deals, ReadModelWriter.Models.Moves, ReadModelWriter.Models.Offers], cancellationToken);
        if (Answers.IsFresh(http, Answers.ETag($"heat.{Answers.Day(from)}", generation, position)))
        {
            return Answers.NotModified();
        }

        await using var command = new NpgsqlCommand(
            $"select week, sum(deals)::int, sum(moves)::int, sum(people)::int, sum(minimums)::int, sum(offers)::int from {generation.Schema}.heat_weeks " +
            "where week between $1 and $2 group by week",
            connection)
        {
            Parameters = { new() { Value = from }, new() { Value = to } },
        };
        var counted = new Dictionary<DateOnly, (int Deals, int Moves, int People, int Minimums, int Offers)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                counted[reader.GetFieldValue<DateOnly>(0)] = (reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5));
            }
        }

        var items = Enumerable.Range(0, count).Select(i =>
        {
            var starts = from.AddDays(7 * i);
            var week = Name(starts);
            var (deals, moves, people, minimums, offers) = counted.GetValueOrDefault(starts);
            return new HeatWeek(week, starts, deals, moves, BoundedCount.Total([(people, minimums > 0)]), offers, Answers.Link(GetMarketHeatFactsEndpoint.Route, ("week", week)));
        }).ToList();
        return TypedResults.Ok(new MarketHeatAnswer(count, from, to, items));
    }

    /// <summary>The ISO name of the week starting on <paramref name="monday"/>, such as 2025-W24.</summary>
    public static string Name(DateOnly monday) =>
        ISOWeek.GetYear(monday.ToDateTime(TimeOnly.MinValue)) + "-W" + ISOWeek.GetWeekOfYear(monday.ToDateTime(TimeOnly.MinValue)).ToString("D2", CultureInfo.InvariantCulture);
}
