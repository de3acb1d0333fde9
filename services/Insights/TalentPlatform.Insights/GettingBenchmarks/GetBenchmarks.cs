using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Insights.GettingBenchmarks;

/// <summary>
/// One cell (a level in a country, or the total of the query). Measures are the recurring components
/// annualised in USD (base, bonus, equityPerYear), their sum (total), and the one-off signOn, never
/// added to recurring pay. A suppressed cell shows no n and no values. The market reports behind it are
/// listed, a page at a time, at <see cref="Facts"/> (tenant rows are never listed, only counted).
/// </summary>
/// <param name="MarketRows">Market points among the cell's rows; null when the cell is suppressed.</param>
/// <param name="Bands">The first bands of the cell; <paramref name="BandCount"/> counts them all (all are in its facts).</param>
public sealed record BenchmarkCell(
    string? Level,
    string? Country,
    int? N,
    Suppression Suppression,
    IReadOnlyDictionary<string, PercentileSet?> Measures,
    int? MarketRows,
    int? TenantRows,
    int ExcludedUnconverted,
    IReadOnlyList<Band> Bands,
    int BandCount,
    IReadOnlyList<ReportedStatistic> ReportedStatistics,
    int ReportedStatisticCount,
    string Facts);

public sealed record Benchmarks(string Role, string? Level, string? Country, DateTimeOffset? AsOf, int K, string Method, string Rules, IReadOnlyList<BenchmarkCell> Cells, BenchmarkCell Total);

internal sealed class GetBenchmarksEndpoint : IUseCase
{
    public const string Route = "/api/insights/compensation/benchmarks";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(Route, HandleAsync)
            .WithName("GetCompensationBenchmarks")
            .WithSummary("Pay percentiles per level and country for a role, market reports and tenant rows pooled, small cells suppressed; ?asOf= as known then.");
    }

    /// <summary>The query's fields, checked the same way by the answer and by its list of facts.</summary>
    public static ValidationErrors Validate(string? role, string? level, string? country) => new ValidationErrors()
        .When(string.IsNullOrWhiteSpace(role) || role.Length > 200, "role", "The role, such as ml-engineer.")
        .When(level is { Length: 0 or > 50 }, "level", "A level such as senior.")
        .When(country is not null && !CountryCodes.IsAssigned(country), "country", "An ISO 3166-1 alpha-2 code, such as GB.");

    private static async Task<IResult> HandleAsync(
        string? role,
        string? level,
        string? country,
        string? asOf,
        HttpContext http,
        PayIndexFollower pay,
        ReadModels readModels,
        IConfiguration configuration,
        CancellationToken cancellationToken)
    {
        var errors = Validate(role, level, country);
        var knownAt = QueryParameters.AsOf(asOf, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The benchmark query is not valid.");
        }

        if (pay.Current is not { } index)
        {
            return Answers.Loading(http);
        }

        var k = configuration.GetValue("Insights:K", 5);
        var outerFrom = configuration.GetValue("Insights:OuterPercentilesFrom", 10);
        string ETag(long applied) => Answers.ETag($"pay.k{k}.{outerFrom}", index.Generation, applied);
        List<PayCell> cells;
        if (knownAt is null)
        {
            if (Answers.IsFresh(http, ETag(index.Applied)))
            {
                return Answers.NotModified();
            }

            (cells, var applied) = index.Cells(role!, level, country, null);
            http.Response.Headers.ETag = ETag(applied);
        }
        else
        {
            Answers.Uncached(http);
            cells = await AsKnownAtAsync(index, readModels, role!, level, country, knownAt.Value, cancellationToken);
        }

        return TypedResults.Ok(Answer(role!, level, country, knownAt, k, outerFrom, cells));
    }

    /// <summary>
    /// As known then: the reports recorded by then, converted with the FX rates recorded by then. When those are the
    /// rates the index converted with, the index's cells read only the values recorded by then; when a rate has been
    /// recorded since (or the index does not have one recorded by then yet), the role's rows recorded by then are
    /// measured again with the rates of that moment, by the same rules.
    /// </summary>
    private static async Task<List<PayCell>> AsKnownAtAsync(PayIndex index, ReadModels readModels, string role, string? level, string? country, DateTimeOffset knownAt, CancellationToken cancellationToken)
    {
        var rates = await readModels.RatesKnownAtAsync(knownAt, cancellationToken);
        if (rates.Select(rate => rate.Id).Order().SequenceEqual(index.Generation.Rates.Order()))
        {
            return index.Cells(role, level, country, knownAt).Cells;
        }

        await using var connection = await readModels.OpenAsync(cancellationToken);
        return PayCells.Compute(await PayRows.ReadAsync(connection, index.Generation.Schema, role, level, country, knownAt, cancellationToken), new UsdRates(rates));
    }

    /// <summary>The answer from a role's cells: the cells of the query, its total, and suppression decided across them.</summary>
    public static Benchmarks Answer(string role, string? level, string? country, DateTimeOffset? knownAt, int k, int outerFrom, IEnumerable<PayCell> stored)
    {
        var (finest, total) = PayCells.Select(stored, level, country);
        var cells = finest
            .OrderBy(cell => cell.Country, StringComparer.Ordinal)
            .ThenBy(cell => cell.Level, StringComparer.Ordinal)
            .ToList();

        // Suppression runs per measure: a measure's n can differ from the cell's (not every row has a bonus).
        var suppressedCells = new Suppression[cells.Count];
        var suppressedTotal = false;
        var measures = cells.Select(_ => new Dictionary<string, PercentileSet?>()).ToList();
        var totalMeasures = new Dictionary<string, PercentileSet?>();
        foreach (var name in PayCells.MeasureNames.Prepend(PayCells.RowsMeasure))
        {
            var (cellDecisions, totalHidden) = CellSuppression.Decide([.. cells.Select(cell => cell.Count(name))], total.Count(name), k);
            for (var i = 0; i < cells.Count; i++)
            {
                if (name == PayCells.RowsMeasure)
                {
                    suppressedCells[i] = cellDecisions[i];
                }
                else
                {
                    measures[i][name] = cellDecisions[i] == Suppression.None && suppressedCells[i] == Suppression.None
                        ? Percentiles.Shown(cells[i].Measures[name], k, outerFrom)
                        : null;
                }
            }

            if (name == PayCells.RowsMeasure)
            {
                suppressedTotal = totalHidden;
            }
            else
            {
                totalMeasures[name] = totalHidden || suppressedTotal ? null : Percentiles.Shown(total.Measures[name], k, outerFrom);
            }
        }

        return new Benchmarks(
            role,
            level,
            country,
            knownAt,
            k,
            Percentiles.Method,
            $"USD at the rate in force on each fact's date; {string.Join(", ", new PayPeriod?[] { PayPeriod.Annual, PayPeriod.Monthly, PayPeriod.Hourly }.Select(Annualisation.Rule))}; " +
            $"signOn is one-off and never added to total (= base + bonus + equityPerYear); points and tenant rows pooled; cells under k = {k} suppressed, " +
            $"with a complementary cell when one alone would be; p25–p75 from n ≥ {k}, p10 and p90 from n ≥ {outerFrom}; bands and reported averages or medians listed, not pooled; " +
            $"the first {PayCells.Listed} bands and reported statistics of a cell shown, every market report behind a cell in its facts.",
            [.. cells.Select((cell, i) => Show(role, cell, suppressedCells[i], measures[i], knownAt))],
            Show(role, total, suppressedTotal ? Suppression.Primary : Suppression.None, totalMeasures, knownAt));
    }

    private static BenchmarkCell Show(string role, PayCell cell, Suppression suppression, IReadOnlyDictionary<string, PercentileSet?> measures, DateTimeOffset? knownAt)
    {
        var facts = FactsLink(role, cell.Level, cell.Country, knownAt);
        return suppression == Suppression.None
            ? new BenchmarkCell(cell.Level, cell.Country, cell.Rows, suppression, measures, cell.Points - cell.TenantRows, cell.TenantRows, cell.Excluded,
                cell.Bands, cell.BandCount, cell.ReportedStatistics, cell.ReportedStatisticCount, facts)
            : new BenchmarkCell(cell.Level, cell.Country, null, suppression, PayCells.MeasureNames.ToDictionary(name => name, _ => (PercentileSet?)null), null, null, 0,
                cell.Bands, cell.BandCount, cell.ReportedStatistics, cell.ReportedStatisticCount, facts);
    }

    private static string FactsLink(string role, string? level, string? country, DateTimeOffset? knownAt)
    {
        var query = new Dictionary<string, string?> { ["role"] = role };
        if (level is not null)
        {
            query["level"] = level;
        }

        if (country is not null)
        {
            query["country"] = country;
        }

        if (knownAt is not null)
        {
            query["asOf"] = knownAt.Value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
        }

        return QueryHelpers.AddQueryString(GetBenchmarkFactsEndpoint.Route, query);
    }
}
