using Npgsql;
using NpgsqlTypes;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Insights.GettingLeagueTable;

/// <summary>One deal behind a row: its value in USD with the rate that converted it, and its claim status.</summary>
public sealed record LeagueTableFact(Guid DealId, string Acquirer, string Target, string Type, string Status, DateOnly? AnnouncedOn, UsdFigure? Value, string? ClaimStatus);

/// <summary>The deals behind a league-table row (an acquirer, or a parent with everything under it), largest first, a page at a time.</summary>
internal sealed class GetLeagueTableFactsEndpoint : IUseCase
{
    public const string Route = "/api/insights/deals/league-table/facts";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Route, HandleAsync)
            .WithName("GetDealLeagueTableFacts").Answers<FactsPage<LeagueTableFact>>().Paged().Revalidated()
            .WithSummary("The deals behind a league-table row (?acquirer= required; &rollUp=&from=&to=&asOf= as the row's link gives them), by USD value, a page at a time (pageSize ≤ 200).");

    private static async Task<IResult> HandleAsync(string? acquirer, string? from, string? to, string? rollUp, string? asOf, string? after, HttpContext http, ReadModels readModels, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().When(acquirer is null, "acquirer", "The row's acquirer, as its facts link gives it.");
        var (range, rolledUp, knownAt) = GetLeagueTableEndpoint.Validate(acquirer, from, to, rollUp, asOf, errors);
        var (page, pageSize) = Paging.Read(http.Request, errors);
        Cursor? cursor = null;
        if (after is not null)
        {
            errors.When(!Answers.TryCursor(after, out cursor), "after", "The cursor a previous page's nextPage gave.");
        }

        errors.When(cursor is null && (long)(page - 1) * pageSize > Answers.MaxOffset, "page", $"Pages reach {Answers.MaxOffset} deals deep; follow nextPage (it continues from a cursor) beyond.");
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The query is not valid.");
        }

        var generation = await readModels.LiveAsync(cancellationToken);
        await using var connection = await readModels.OpenAsync(cancellationToken);
        if (knownAt is null)
        {
            var position = await ReadModels.PositionAsync(connection, generation, [ReadModelWriter.Models.Deals, ReadModelWriter.Models.Organizations], cancellationToken);
            if (Answers.IsFresh(http, Answers.ETag("league-facts", generation, position)))
            {
                return Answers.NotModified();
            }
        }
        else
        {
            Answers.Uncached(http);
        }

        var s = generation.Schema;
        var known = knownAt is null
            ? "superseded_at is null and counted"
            : "counted and recorded_from <= $5 and (superseded_at is null or superseded_at > $5)";
        var acquirers = rolledUp ? $"(select slug from {s}.organization_roots where root = $1 union select $1)" : "(select $1)";
        await using var command = new NpgsqlCommand(
            $"select id, version, recorded_from, superseded_at, type, acquirer, target, status, counted, announced_on, closed_on, amount, currency, usd, rate, rate_on, " +
            $"rate_source, claim_status, stake, claims from {s}.deal_versions where acquirer in {acquirers} and {known} " +
            "and ($2::date is null or announced_on >= $2) and ($3::date is null or announced_on <= $3) " +
            "and ($4::numeric is null or (coalesce(usd, 0), id) < ($4, $6)) " +
            "order by coalesce(usd, 0) desc, id desc limit $7 offset $8",
            connection)
        {
            Parameters =
            {
                new() { Value = acquirer! },
                SqlBatch.Value(range.From, NpgsqlDbType.Date),
                SqlBatch.Value(range.To, NpgsqlDbType.Date),
                SqlBatch.Value(cursor?.Usd, NpgsqlDbType.Numeric),
                SqlBatch.Value(knownAt?.UtcDateTime, NpgsqlDbType.TimestampTz),
                SqlBatch.Value(cursor?.Id ?? Guid.Empty, NpgsqlDbType.Uuid),
                new() { Value = pageSize + 1 },
                new() { Value = cursor is null ? (page - 1) * pageSize : 0 },
            },
        };
        var deals = new List<DealVersion>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                deals.Add(ReadModelWriter.ReadDealVersion(reader));
            }
        }

        var shown = deals.Take(pageSize).Select(deal => new LeagueTableFact(
            deal.Id, deal.Acquirer, deal.Target, deal.Type, ContractWords.Write(deal.Status), deal.AnnouncedOn, deal.Usd, ContractWords.WriteOrNull(deal.ClaimStatus))).ToList();
        var next = deals.Count > pageSize ? Answers.Next(http.Request, page, Answers.Cursor(new Cursor(shown[^1].Value?.Usd ?? 0m, shown[^1].DealId))) : null;
        return TypedResults.Ok(new FactsPage<LeagueTableFact>(shown, page, pageSize, next));
    }

    private sealed record Cursor(decimal Usd, Guid Id);
}
