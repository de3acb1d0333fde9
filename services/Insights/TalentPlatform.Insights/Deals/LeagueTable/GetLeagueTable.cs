using Marten;
using TalentPlatform.ServiceDefaults.Validation;

namespace TalentPlatform.Insights.Deals.LeagueTable;

/// <param name="TotalValueUsd">The sum of the deal values stated in USD.</param>
/// <param name="DealsWithoutUsdValue">Deals counted but not summed: no value, or a value in another
/// currency (never converted 1:1; conversion with dated FX rates comes with reference data).</param>
/// <remarks>Rumoured and cancelled deals are not counted.</remarks>
public sealed record LeagueTableRow(string Acquirer, int DealCount, decimal TotalValueUsd, int DealsWithoutUsdValue);

public sealed record LeagueTable(IReadOnlyList<LeagueTableRow> Items);

internal static class GetLeagueTableEndpoint
{
    public static IEndpointRouteBuilder MapGetLeagueTable(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/insights/deals/league-table", HandleAsync)
            .WithName("GetDealLeagueTable")
            .WithSummary("Acquirers ranked by the total USD value of their announced and closed deals; ?acquirer= narrows it to one.");
        return app;
    }

    /// <summary>The facts' columns that the aggregate reads, duplicated out of the JSON so it reads none.</summary>
    public static void Configure(StoreOptions options) =>
        options.Schema.For<DealFact>()
            .Duplicate(fact => fact.Acquirer)
            .Duplicate(fact => fact.Status)
            .Duplicate(fact => fact.Currency)
            .Duplicate(fact => fact.Amount);

    private static async Task<IResult> HandleAsync(string? acquirer, IQuerySession session, CancellationToken cancellationToken)
    {
        if (acquirer is not null && !Slugs.IsValid(acquirer))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["acquirer"] = ["An organization slug: lower-case letters, digits and single hyphens."] });
        }

        var facts = session.DocumentStore.Options.FindOrResolveDocumentType(typeof(DealFact)).TableName.QualifiedName;

        // Aggregated in PostgreSQL over the per-deal facts: exact, and as fresh as the last consumed event.
        var sql = $"""
            select jsonb_build_object(
                'acquirer', acquirer,
                'dealCount', deal_count,
                'totalValueUsd', total_usd,
                'dealsWithoutUsdValue', without_usd)
            from (
                select acquirer,
                       count(*) as deal_count,
                       coalesce(sum(amount) filter (where currency = 'USD'), 0) as total_usd,
                       count(*) filter (where currency is distinct from 'USD') as without_usd
                from {facts}
                where status in ('announced', 'closed') and (? = '' or acquirer = ?)
                group by acquirer
            ) as ranked
            order by total_usd desc, deal_count desc, acquirer
            """;
        var rows = await session.AdvancedSql.QueryAsync<LeagueTableRow>(sql, cancellationToken, acquirer ?? "", acquirer ?? "");
        return TypedResults.Ok(new LeagueTable(rows));
    }
}
