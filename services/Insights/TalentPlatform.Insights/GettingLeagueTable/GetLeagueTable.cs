using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Insights.GettingLeagueTable;

/// <summary>One deal behind a row: its value in USD with the rate that converted it, and its claim status.</summary>
public sealed record LeagueTableFact(Guid DealId, string Acquirer, string Target, string Type, string Status, DateOnly? AnnouncedOn, UsdFigure? Value, string? ClaimStatus);

/// <param name="TotalValueUsd">The sum of the deals' current values in USD, each converted at the rate in force on its announcement day.</param>
/// <param name="DealsWithoutUsdValue">Deals counted but not summed: no value, or one in a currency with no rate in force (never converted 1:1).</param>
public sealed record LeagueTableRow(
    string Acquirer,
    int DealCount,
    decimal TotalValueUsd,
    int DealsWithoutUsdValue,
    IReadOnlyDictionary<string, int> CountsByType,
    IReadOnlyList<LeagueTableFact> Facts);

public sealed record LeagueTable(DateTimeOffset? AsOf, DateOnly? From, DateOnly? To, bool RolledUp, IReadOnlyList<LeagueTableRow> Items);

internal sealed class GetLeagueTableEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/insights/deals/league-table", HandleAsync)
            .WithName("GetDealLeagueTable")
            .WithSummary("Acquirers ranked by the USD value of their announced and closed deals; ?from=&to= on the announcement day, ?rollUp=true to parents, ?asOf= as known then, ?acquirer= for one.");
    }

    /// <summary>The facts' columns the table filters on, duplicated out of the JSON.</summary>
    public static void Configure(StoreOptions options) =>
        options.Schema.For<DealFact>().Duplicate(fact => fact.Acquirer).Duplicate(fact => fact.Status);

    private static async Task<IResult> HandleAsync(string? acquirer, string? from, string? to, string? rollUp, string? asOf, IQuerySession session, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .When(acquirer is not null && !Slugs.IsValid(acquirer), "acquirer", "An organization slug: lower-case letters, digits and single hyphens.");
        var range = QueryParameters.DateRange(from, to, errors);
        var rolledUp = QueryParameters.Flag(rollUp, "rollUp", errors);
        var knownAt = QueryParameters.AsOf(asOf, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The league table query is not valid.");
        }

        var deals = knownAt is null && acquirer is not null && !rolledUp
            ? await session.Query<DealFact>().Where(fact => fact.Acquirer == acquirer).ToListAsync(cancellationToken)
            : await DealSnapshots.LoadAsync(session, knownAt, cancellationToken);
        var rates = await UsdRates.LoadAsync(session, knownAt, cancellationToken);
        var tree = rolledUp ? await OrganizationTree.LoadAsync(session, cancellationToken) : null;

        var rows = deals
            .Where(deal => deal.WasAnnounced())
            .Where(deal => range.Contains(deal.AnnouncedOn))
            .Select(deal => (Group: tree?.Root(deal.Acquirer) ?? deal.Acquirer, Fact: Describe(deal, rates)))
            .Where(deal => acquirer is null || deal.Group == acquirer)
            .GroupBy(deal => deal.Group, deal => deal.Fact)
            .Select(group => new LeagueTableRow(
                group.Key,
                group.Count(),
                group.Sum(fact => fact.Value?.Usd ?? 0m),
                group.Count(fact => fact.Value?.Usd is null),
                group.GroupBy(fact => fact.Type).OrderBy(type => type.Key, StringComparer.Ordinal).ToDictionary(type => type.Key, type => type.Count()),
                [.. group.OrderByDescending(fact => fact.Value?.Usd ?? 0m).ThenBy(fact => fact.DealId)]))
            .OrderByDescending(row => row.TotalValueUsd)
            .ThenByDescending(row => row.DealCount)
            .ThenBy(row => row.Acquirer, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(new LeagueTable(knownAt, range.From, range.To, rolledUp, rows));
    }

    private static LeagueTableFact Describe(DealFact deal, UsdRates rates) => new(
        deal.Id,
        deal.Acquirer,
        deal.Target,
        deal.Type,
        ContractWords.Write(deal.Status),
        deal.AnnouncedOn,
        deal.Amount is { } amount && deal.Currency is { } currency
            ? rates.Convert(amount, currency, deal.AnnouncedOn ?? DateOnly.FromDateTime(deal.RecordedAt.UtcDateTime))
            : null,
        ContractWords.WriteOrNull(deal.ClaimStatus));
}
