using Marten;

namespace TalentPlatform.Insights.Deals.LeagueTable;

/// <param name="TotalValueUsd">The sum of the deal values stated in USD.</param>
/// <param name="DealsWithoutUsdValue">Deals counted but not summed: no value, or a value in another
/// currency (never converted 1:1; conversion with dated FX rates comes with reference data).</param>
public sealed record LeagueTableRow(string Acquirer, int DealCount, decimal TotalValueUsd, int DealsWithoutUsdValue);

public sealed record LeagueTable(IReadOnlyList<LeagueTableRow> Items);

internal static class GetLeagueTableEndpoint
{
    public static IEndpointRouteBuilder MapGetLeagueTable(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/insights/deals/league-table", HandleAsync)
            .WithName("GetDealLeagueTable")
            .WithSummary("Acquirers ranked by the total USD value of their announced deals.");
        return app;
    }

    private static async Task<LeagueTable> HandleAsync(IQuerySession session, CancellationToken cancellationToken)
    {
        var facts = session.DocumentStore.Options.FindOrResolveDocumentType(typeof(DealFact)).TableName.QualifiedName;

        // Aggregated in PostgreSQL over the per-deal facts: exact, and as fresh as the last consumed event.
        var sql = $"""
            select jsonb_build_object(
                'acquirer', acquirer,
                'dealCount', deal_count,
                'totalValueUsd', total_usd,
                'dealsWithoutUsdValue', without_usd)
            from (
                select data ->> 'acquirer' as acquirer,
                       count(*) as deal_count,
                       coalesce(sum((data -> 'value' ->> 'amount')::numeric)
                                filter (where data -> 'value' ->> 'currency' = 'USD'), 0) as total_usd,
                       count(*) filter (where coalesce(data -> 'value' ->> 'currency', '') <> 'USD') as without_usd
                from {facts}
                where data ->> 'status' = 'announced'
                group by data ->> 'acquirer'
            ) as ranked
            order by total_usd desc, deal_count desc, acquirer
            """;
        var rows = await session.AdvancedSql.QueryAsync<LeagueTableRow>(sql, cancellationToken);
        return new LeagueTable(rows);
    }
}
