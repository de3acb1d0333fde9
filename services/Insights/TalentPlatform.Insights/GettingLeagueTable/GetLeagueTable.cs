using Npgsql;
using NpgsqlTypes;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Insights.GettingLeagueTable;

/// <param name="TotalValueUsd">The sum of the deals' current values in USD, each converted at the rate in force on its announcement day.</param>
/// <param name="DealsWithoutUsdValue">Deals counted but not summed: no value, or one in a currency with no rate in force (never converted 1:1).</param>
/// <param name="Facts">The deals behind the row, a page at a time, largest first.</param>
public sealed record LeagueTableRow(
    string Acquirer,
    int DealCount,
    decimal TotalValueUsd,
    int DealsWithoutUsdValue,
    IReadOnlyDictionary<string, int> CountsByType,
    string Facts);

/// <param name="Acquirers">How many rows the whole table has; <paramref name="NextPage"/> continues it.</param>
public sealed record LeagueTable(DateTimeOffset? AsOf, DateOnly? From, DateOnly? To, bool RolledUp, int Acquirers, IReadOnlyList<LeagueTableRow> Items, int Page, int PageSize, string? NextPage);

/// <summary>
/// Acquirers ranked by the USD value of their announced and closed deals. Now: from the per-acquirer counters (all
/// time), or for a date range from the per-month counters of the months it covers whole and the deals of the days
/// at its ends; rolled up to parents through each organization's root. As of a moment: from the deal versions whose
/// interval contains it. Each row links to its deals.
/// </summary>
internal sealed class GetLeagueTableEndpoint : IUseCase
{
    public const string Route = "/api/insights/deals/league-table";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Route, HandleAsync)
            .WithName("GetDealLeagueTable").Answers<LeagueTable>().Paged().Revalidated()
            .WithSummary("Acquirers ranked by the USD value of their announced and closed deals; ?from=&to= on the announcement day, ?rollUp=true to parents, ?asOf= as known then, ?acquirer= for one; paged (pageSize ≤ 200), each row linking to its deals.");

    /// <summary>The query's fields, checked the same way by the table and by the deals behind a row.</summary>
    public static (DayRange Range, bool RolledUp, DateTimeOffset? KnownAt) Validate(string? acquirer, string? from, string? to, string? rollUp, string? asOf, ValidationErrors errors)
    {
        errors.When(acquirer is not null && !Slugs.IsValid(acquirer), "acquirer", "An organization slug: lower-case letters, digits and single hyphens.");
        return (QueryParameters.DateRange(from, to, errors), QueryParameters.Flag(rollUp, "rollUp", errors), QueryParameters.AsOf(asOf, errors));
    }

    private static async Task<IResult> HandleAsync(string? acquirer, string? from, string? to, string? rollUp, string? asOf, HttpContext http, ReadModels readModels, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (range, rolledUp, knownAt) = Validate(acquirer, from, to, rollUp, asOf, errors);
        var (page, pageSize) = Paging.Read(http.Request, errors);
        errors.When((long)(page - 1) * pageSize > Answers.MaxOffset, "page", $"Pages reach {Answers.MaxOffset} rows deep.");
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The league table query is not valid.");
        }

        var generation = await readModels.LiveAsync(cancellationToken);
        await using var connection = await readModels.OpenAsync(cancellationToken);
        List<Counted> counted;
        if (knownAt is null)
        {
            var position = await ReadModels.PositionAsync(connection, generation, [ReadModelWriter.Models.Deals, ReadModelWriter.Models.Organizations], cancellationToken);
            if (Answers.IsFresh(http, Answers.ETag("league", generation, position)))
            {
                return Answers.NotModified();
            }

            counted = range.From is null && range.To is null
                ? await ReadAsync(connection, $"select acquirer, type, deals, usd, without_usd from {generation.Schema}.league", [], cancellationToken)
                : await InRangeAsync(connection, generation, range, cancellationToken);
        }
        else
        {
            Answers.Uncached(http);
            counted = await AsKnownAtAsync(connection, generation, readModels, range, knownAt.Value, cancellationToken);
        }

        var roots = rolledUp ? await RootsAsync(connection, generation, counted.Select(item => item.Acquirer), cancellationToken) : null;
        var rows = counted
            .GroupBy(item => roots?.GetValueOrDefault(item.Acquirer) ?? item.Acquirer, StringComparer.Ordinal)
            .Where(group => acquirer is null || group.Key == acquirer)
            .Select(group => (Group: group.Key, Deals: group.Sum(item => item.Deals), Usd: group.Sum(item => item.Usd), Without: group.Sum(item => item.WithoutUsd),
                ByType: group.GroupBy(item => item.Type, StringComparer.Ordinal).Select(type => (type.Key, Deals: type.Sum(item => item.Deals))).Where(type => type.Deals != 0)
                    .OrderBy(type => type.Key, StringComparer.Ordinal).ToDictionary(type => type.Key, type => type.Deals)))
            .Where(row => row.Deals > 0)
            .OrderByDescending(row => row.Usd)
            .ThenByDescending(row => row.Deals)
            .ThenBy(row => row.Group, StringComparer.Ordinal)
            .ToList();
        var shown = rows.Skip((page - 1) * pageSize).Take(pageSize)
            .Select(row => new LeagueTableRow(row.Group, row.Deals, row.Usd, row.Without, row.ByType, Answers.Link(
                GetLeagueTableFactsEndpoint.Route,
                ("acquirer", row.Group), ("rollUp", Answers.Flag(rolledUp)), ("from", Answers.Day(range.From)), ("to", Answers.Day(range.To)), ("asOf", Answers.Instant(knownAt)))))
            .ToList();
        var next = (long)page * pageSize < rows.Count ? Answers.Link(http.Request.Path, [.. http.Request.Query.Where(pair => pair.Key != "page").Select(pair => (pair.Key, (string?)pair.Value.ToString())), ("page", (page + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))]) : null;
        return TypedResults.Ok(new LeagueTable(knownAt, range.From, range.To, rolledUp, rows.Count, shown, page, pageSize, next));
    }

    /// <summary>A count of deals of one acquirer and type: how many, their USD sum, how many had no USD value.</summary>
    internal sealed record Counted(string Acquirer, string Type, int Deals, decimal Usd, int WithoutUsd);

    /// <summary>
    /// Deals announced in a range: the month counters of the months it covers whole, and the deals themselves on the
    /// days at either end (at most two months of them, through the announcement-day index).
    /// </summary>
    private static Task<List<Counted>> InRangeAsync(NpgsqlConnection connection, Generation generation, DayRange range, CancellationToken cancellationToken)
    {
        var from = range.From ?? DateOnly.MinValue;
        var to = range.To ?? DateOnly.MaxValue;
        var wholeFrom = from.Day == 1 ? from : FirstOfNextMonth(from);
        var wholeTo = to == DateOnly.MaxValue || to.AddDays(1).Day == 1 ? (to == DateOnly.MaxValue ? to : to.AddDays(1)) : new DateOnly(to.Year, to.Month, 1);
        var s = generation.Schema;
        return ReadAsync(
            connection,
            $"""
            select acquirer, type, deals, usd, without_usd from {s}.league_months where month >= $3 and month < $4
            union all
            select acquirer, type, 1, coalesce(usd, 0), case when usd is null then 1 else 0 end from {s}.deal_versions
            where superseded_at is null and counted and announced_on >= $1 and announced_on <= $2 and announced_on < $3
            union all
            select acquirer, type, 1, coalesce(usd, 0), case when usd is null then 1 else 0 end from {s}.deal_versions
            where superseded_at is null and counted and announced_on >= $1 and announced_on <= $2 and announced_on >= $4
            """,
            [SqlBatch.Value(from, NpgsqlDbType.Date), SqlBatch.Value(to, NpgsqlDbType.Date), SqlBatch.Value(wholeFrom, NpgsqlDbType.Date), SqlBatch.Value(wholeTo < wholeFrom ? wholeFrom : wholeTo, NpgsqlDbType.Date)],
            cancellationToken);
    }

    /// <summary>
    /// The deals as known at a moment: the versions whose interval contains it. Values converted at the generation's
    /// rates are used as stored, but for currencies whose rates known at that moment differ from the generation's
    /// (a rate recorded since, or not yet in the generation): those deals are converted again with the rates of then.
    /// </summary>
    private static async Task<List<Counted>> AsKnownAtAsync(NpgsqlConnection connection, Generation generation, ReadModels readModels, DayRange range, DateTimeOffset knownAt, CancellationToken cancellationToken)
    {
        var ratesThen = await readModels.RatesKnownAtAsync(knownAt, cancellationToken);
        var ratesNow = await readModels.RatesAsync(generation);
        var thenIds = ratesThen.Select(rate => rate.Id).ToHashSet();
        var nowIds = generation.Rates.ToHashSet();
        var differing = ratesThen.Where(rate => !nowIds.Contains(rate.Id)).Select(rate => rate.Currency)
            .Concat(ratesNow.Known.Where(rate => !thenIds.Contains(rate.Id)).Select(rate => rate.Currency))
            .Distinct(StringComparer.Ordinal).ToArray();
        var s = generation.Schema;
        const string Known = "counted and recorded_from <= $1 and (superseded_at is null or superseded_at > $1) and ($2::date is null or announced_on >= $2) and ($3::date is null or announced_on <= $3)";
        NpgsqlParameter[] Parameters() =>
        [
            SqlBatch.Value(knownAt.UtcDateTime, NpgsqlDbType.TimestampTz), SqlBatch.Value(range.From, NpgsqlDbType.Date), SqlBatch.Value(range.To, NpgsqlDbType.Date),
            SqlBatch.Array(differing, NpgsqlDbType.Text),
        ];
        var counted = await ReadAsync(
            connection,
            $"select acquirer, type, count(*)::int, coalesce(sum(usd), 0), (count(*) filter (where usd is null))::int from {s}.deal_versions " +
            $"where {Known} and (currency is null or currency <> all($4)) group by acquirer, type",
            Parameters(),
            cancellationToken);
        if (differing.Length == 0)
        {
            return counted;
        }

        var then = new UsdRates(ratesThen);
        await using var command = new NpgsqlCommand($"select acquirer, type, amount, currency, announced_on, recorded_from from {s}.deal_versions where {Known} and currency = any($4)", connection);
        command.Parameters.AddRange(Parameters());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var day = reader.IsDBNull(4) ? DateOnly.FromDateTime(reader.GetFieldValue<DateTime>(5)) : reader.GetFieldValue<DateOnly>(4);
            var usd = then.Convert(reader.GetDecimal(2), reader.GetString(3), day).Usd;
            counted.Add(new Counted(reader.GetString(0), reader.GetString(1), 1, usd ?? 0m, usd is null ? 1 : 0));
        }

        return counted;
    }

    /// <summary>The root (top of the parent chain) of each acquirer that has one.</summary>
    internal static async Task<Dictionary<string, string>> RootsAsync(NpgsqlConnection connection, Generation generation, IEnumerable<string> slugs, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"select slug, root from {generation.Schema}.organization_roots where slug = any($1)", connection)
        {
            Parameters = { SqlBatch.Array(slugs.Distinct(StringComparer.Ordinal), NpgsqlDbType.Text) },
        };
        var roots = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            roots[reader.GetString(0)] = reader.GetString(1);
        }

        return roots;
    }

    private static async Task<List<Counted>> ReadAsync(NpgsqlConnection connection, string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counted = new List<Counted>();
        while (await reader.ReadAsync(cancellationToken))
        {
            counted.Add(new Counted(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetDecimal(3), reader.GetInt32(4)));
        }

        return counted;
    }

    private static DateOnly FirstOfNextMonth(DateOnly day) => new DateOnly(day.Year, day.Month, 1).AddMonths(1);
}
