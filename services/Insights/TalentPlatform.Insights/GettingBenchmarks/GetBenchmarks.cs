using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Insights.GettingBenchmarks;

/// <summary>
/// One cell (a level in a country, or the total of the query), as its finest cells last published it
/// (<see cref="PayPrivacy"/>). Measures are the recurring components annualised in USD (base, bonus, equityPerYear),
/// their sum (total), and the one-off signOn, never added to recurring pay. A suppressed cell shows no n, no values and
/// no counts, only the rule it waits on; a measure not published is null, with its rule. The market reports behind it
/// are listed, a page at a time, at <see cref="Facts"/> (tenant rows are never listed, only counted).
/// </summary>
/// <param name="SuppressedBy">The rule that keeps the cell unpublished (never a count); null when it is published.</param>
/// <param name="MeasuresSuppressedBy">Why each null measure of a published cell is not published.</param>
/// <param name="MarketRows">Market points among the cell's rows; null when the cell is suppressed.</param>
/// <param name="Bands">The first bands of the cell; <paramref name="BandCount"/> counts them all (all are in its facts).</param>
public sealed record BenchmarkCell(
    string? Level,
    string? Country,
    int? N,
    Suppression Suppression,
    string? SuppressedBy,
    IReadOnlyDictionary<string, PercentileSet?> Measures,
    IReadOnlyDictionary<string, string> MeasuresSuppressedBy,
    int? MarketRows,
    int? TenantRows,
    int? ExcludedUnconverted,
    IReadOnlyList<Band> Bands,
    int BandCount,
    IReadOnlyList<ReportedStatistic> ReportedStatistics,
    int ReportedStatisticCount,
    string Facts);

/// <param name="AsOf">What the answer is as of: the start of the calendar month (UTC) of the asOf asked for.</param>
public sealed record Benchmarks(string Role, string? Level, string? Country, DateTimeOffset? AsOf, int K, string Method, string Rules, IReadOnlyList<BenchmarkCell> Cells, BenchmarkCell Total);

internal sealed class GetBenchmarksEndpoint : IUseCase
{
    public const string Route = "/api/insights/compensation/benchmarks";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(Route, HandleAsync)
            .WithName("GetCompensationBenchmarks").Answers<Benchmarks>().Revalidated().ProducesProblem(StatusCodes.Status503ServiceUnavailable)
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

        var outerFrom = configuration.GetValue("Insights:OuterPercentilesFrom", 10);
        var resolved = knownAt is { } asked ? MonthOf(asked) : (DateTimeOffset?)null;
        if (resolved is null)
        {
            var answer = Answer(role!, level, country, null, outerFrom, index.Cells(role!, level, country, null).Cells);
            return Answers.IsFresh(http, ETag(answer, http)) ? Answers.NotModified() : TypedResults.Ok(answer);
        }

        Answers.Uncached(http);
        var cells = await AsKnownAtAsync(index, readModels, role!, level, country, resolved.Value.AddTicks(-1), cancellationToken);
        return TypedResults.Ok(Answer(role!, level, country, resolved, outerFrom, cells));
    }

    /// <summary>
    /// The answer's ETag is a hash of the answer itself: it changes exactly when something published changes, never
    /// when a row arrives that no published figure holds yet (an ETag that counted rows would tell a customer polling
    /// with If-None-Match that a hidden cell had just taken one).
    /// </summary>
    private static string ETag(Benchmarks answer, HttpContext http)
    {
        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var hash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(answer, json));
        return $"\"pay.{Base64Url.EncodeToString(hash.AsSpan(0, 18))}\"";
    }

    /// <summary>
    /// An asOf resolves to the start of its calendar month (UTC): the answer is what was published before it, so no two
    /// moments of a month can be told apart, and a row that arrived between them is never isolated.
    /// </summary>
    public static DateTimeOffset MonthOf(DateTimeOffset asOf) => new(asOf.UtcDateTime.Year, asOf.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// As known then: the reports recorded by then, converted with the FX rates recorded by then. When those are the
    /// rates the index converted with, the index's cells read only the values recorded by then; when a rate has been
    /// recorded since (or the index does not have one recorded by then yet), the role's rows are taken again in the
    /// order they arrived and measured with the rates of that moment, by the same rules, and read as published by then.
    /// </summary>
    private static async Task<List<PayCell>> AsKnownAtAsync(PayIndex index, ReadModels readModels, string role, string? level, string? country, DateTimeOffset knownAt, CancellationToken cancellationToken)
    {
        var rates = await readModels.RatesKnownAtAsync(knownAt, cancellationToken);
        if (rates.Select(rate => rate.Id).Order().SequenceEqual(index.Generation.Rates.Order()))
        {
            return index.Cells(role, level, country, knownAt).Cells;
        }

        await using var connection = await readModels.OpenAsync(cancellationToken);
        var facts = await PayRows.ReadAsync(connection, index.Generation.Schema, role, level, country, cancellationToken);
        return PayCells.Compute(index.Generation, facts, new UsdRates(rates), role, level, country, knownAt);
    }

    /// <summary>The answer from a role's cells, as their finest cells published them: the cells of the query and its total.</summary>
    public static Benchmarks Answer(string role, string? level, string? country, DateTimeOffset? asOf, int outerFrom, IEnumerable<PayCell> stored)
    {
        var (finest, total) = PayCells.Select(stored, level, country);
        var cells = finest
            .OrderBy(cell => cell.Country, StringComparer.Ordinal)
            .ThenBy(cell => cell.Level, StringComparer.Ordinal)
            .ToList();
        return new Benchmarks(
            role,
            level,
            country,
            asOf,
            PayPrivacy.K,
            Percentiles.Method,
            $"USD at the rate in force on each fact's date; {string.Join(", ", new PayPeriod?[] { PayPeriod.Annual, PayPeriod.Monthly, PayPeriod.Hourly }.Select(Annualisation.Rule))}; " +
            $"signOn is one-off and never added to total (= base + bonus + equityPerYear); points and tenant rows pooled; {PayPrivacy.Rules(outerFrom)}; " +
            $"bands and reported averages or medians listed, not pooled; the first {PayCells.Listed} bands and reported statistics of a cell shown, every market report behind a cell in its facts.",
            [.. cells.Select(cell => Show(role, cell, outerFrom, asOf))],
            Show(role, total, outerFrom, asOf));
    }

    private static BenchmarkCell Show(string role, PayCell cell, int outerFrom, DateTimeOffset? asOf)
    {
        var facts = FactsLink(role, cell.Level, cell.Country, asOf);
        return cell.SuppressedBy is null
            ? new BenchmarkCell(cell.Level, cell.Country, cell.Rows, Suppression.None, null,
                cell.Measures.ToDictionary(pair => pair.Key, pair => pair.Value is { } set ? Percentiles.Shown(set, PayPrivacy.K, outerFrom) : null),
                cell.MeasuresSuppressedBy, cell.Points - cell.TenantRows, cell.TenantRows, cell.Excluded,
                cell.Bands, cell.BandCount, cell.ReportedStatistics, cell.ReportedStatisticCount, facts)
            : new BenchmarkCell(cell.Level, cell.Country, null, Suppression.Primary, cell.SuppressedBy,
                PayCells.MeasureNames.ToDictionary(name => name, _ => (PercentileSet?)null), new Dictionary<string, string>(), null, null, null,
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
