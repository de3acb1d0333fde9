using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Insights.GettingMarketHeat;

/// <summary>One fact behind a week's heat: a deal announced, a move, or an offer made in it.</summary>
public sealed record HeatFact(string Kind, Guid Id, DateOnly On);

/// <summary>The deals, moves and offers of one ISO week, in that order and by id, a page at a time.</summary>
internal sealed partial class GetMarketHeatFactsEndpoint : IUseCase
{
    public const string Route = "/api/insights/market-heat/facts";

    private static readonly string[] Kinds = ["deal", "move", "offer"];

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Route, HandleAsync)
            .WithName("GetMarketHeatFacts").Answers<FactsPage<HeatFact>>().Paged().Revalidated()
            .WithSummary("The deals announced, moves and offers made in one ISO week (?week=2025-W24), a page at a time (pageSize ≤ 200).");

    private static async Task<IResult> HandleAsync(string? week, string? after, HttpContext http, ReadModels readModels, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var monday = Monday(week);
        errors.When(monday is null, "week", "An ISO week, such as 2025-W24.");
        var (page, pageSize) = Paging.Read(http.Request, errors);
        Cursor? cursor = null;
        if (after is not null)
        {
            errors.When(!Answers.TryCursor(after, out cursor) || !Kinds.Contains(cursor!.Kind), "after", "The cursor a previous page's nextPage gave.");
        }

        errors.When(cursor is null && (long)(page - 1) * pageSize > Answers.MaxOffset, "page", $"Pages reach {Answers.MaxOffset} facts deep; follow nextPage (it continues from a cursor) beyond.");
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The query is not valid.");
        }

        var generation = await readModels.LiveAsync(cancellationToken);
        await using var connection = await readModels.OpenAsync(cancellationToken);
        var position = await ReadModels.PositionAsync(connection, generation, [ReadModelWriter.Models.Deals, ReadModelWriter.Models.Moves, ReadModelWriter.Models.Offers], cancellationToken);
        if (Answers.IsFresh(http, Answers.ETag("heat-facts", generation, position)))
        {
            return Answers.NotModified();
        }

        var s = generation.Schema;
        await using var command = new NpgsqlCommand(
            $"""
            select * from (
                select 'deal' as kind, id, announced_on as on_day from {s}.deal_versions where superseded_at is null and counted and announced_on between $1 and $2
                union all
                select 'move', id, on_earliest from {s}.moves where on_earliest between $1 and $2
                union all
                select 'offer', id, extended_on from {s}.offers where extended_on between $1 and $2) facts
            where (array_position($3, kind), id) > (array_position($3, $4), $5)
            order by array_position($3, kind), id limit $6 offset $7
            """,
            connection)
        {
            Parameters =
            {
                new() { Value = monday!.Value },
                new() { Value = monday.Value.AddDays(6) },
                new() { Value = Kinds },
                new() { Value = cursor?.Kind ?? Kinds[0] },
                new() { Value = cursor?.Id ?? Guid.Empty },
                new() { Value = pageSize + 1 },
                new() { Value = cursor is null ? (page - 1) * pageSize : 0 },
            },
        };
        var facts = new List<HeatFact>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                facts.Add(new HeatFact(reader.GetString(0), reader.GetGuid(1), reader.GetFieldValue<DateOnly>(2)));
            }
        }

        var shown = facts.Take(pageSize).ToList();
        var next = facts.Count > pageSize ? Answers.Next(http.Request, page, Answers.Cursor(new Cursor(shown[^1].Kind, shown[^1].Id))) : null;
        return TypedResults.Ok(new FactsPage<HeatFact>(shown, page, pageSize, next));
    }

    private static DateOnly? Monday(string? week)
    {
        if (week is null || WeekName().Match(week) is not { Success: true } match)
        {
            return null;
        }

        var (year, number) = (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        return year is < 1900 or > 2199 || number < 1 || number > ISOWeek.GetWeeksInYear(year) ? null : DateOnly.FromDateTime(ISOWeek.ToDateTime(year, number, DayOfWeek.Monday));
    }

    [GeneratedRegex(@"^(\d{4})-W(\d{2})$")]
    private static partial Regex WeekName();

    private sealed record Cursor(string Kind, Guid Id);
}
