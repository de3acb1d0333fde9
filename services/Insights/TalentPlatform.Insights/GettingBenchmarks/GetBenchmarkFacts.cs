using System.Globalization;
using Marten;
using Microsoft.AspNetCore.WebUtilities;
using Npgsql;
using NpgsqlTypes;
using TalentPlatform.Compensation.Contracts;
using TalentPlatform.Hosting;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Insights.GettingBenchmarks;

/// <summary>One market report behind a benchmark, as reported (its currency and period), with its source.</summary>
public sealed record BenchmarkFact(
    Guid Id,
    string Kind,
    string? Level,
    string? Country,
    string Currency,
    string Period,
    PayComponents Components,
    int? SampleSize,
    DateOnly On,
    string? Publisher,
    string ClaimStatus,
    string? Attribution,
    DateTimeOffset RecordedAt);

internal sealed class GetBenchmarkFactsEndpoint : IUseCase
{
    public const string Route = "/api/insights/compensation/benchmarks/facts";

    /// <summary>How deep page numbers reach; further on, the <c>after</c> of each next page keeps every page as cheap as the first.</summary>
    public const int MaxOffset = 10_000;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Route, HandleAsync)
            .WithName("GetCompensationBenchmarkFacts")
            .WithSummary("The market pay reports behind a benchmark cell (?role=&level=&country=&asOf=), a page at a time (pageSize ≤ 200), by id; tenant rows are never listed.");

    private static async Task<IResult> HandleAsync(string? role, string? level, string? country, string? asOf, string? after, HttpContext http, IDocumentStore store, CancellationToken cancellationToken)
    {
        var errors = GetBenchmarksEndpoint.Validate(role, level, country);
        var knownAt = QueryParameters.AsOf(asOf, errors);
        var (page, pageSize) = Paging.Read(http.Request, errors);
        Guid? from = null;
        if (after is not null)
        {
            errors.When(!Guid.TryParse(after, out var id), "after", "The id a previous page ended with, as its nextPage gives it.");
            from = id;
        }

        errors.When(from is null && (long)(page - 1) * pageSize > MaxOffset, "page", $"Pages reach {MaxOffset} facts deep; follow nextPage (it continues with after=) beyond.");
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The query is not valid.");
        }

        ConditionalAnswers.Uncached(http);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"select {FactColumns} from {PayRows.Table} where role = $1 and origin = 'market' and ($2::text is null or level = $2) and ($3::text is null or country = $3) " +
            "and ($4::timestamptz is null or recorded_at <= $4) and ($5::uuid is null or id > $5) order by id limit $6 offset $7",
            connection)
        {
            Parameters =
            {
                new() { Value = role! },
                new() { Value = (object?)level ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = (object?)country ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = (object?)knownAt?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new() { Value = (object?)from ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid },
                new() { Value = pageSize + 1 },
                new() { Value = from is null ? (page - 1) * pageSize : 0 },
            },
        };
        var items = new List<BenchmarkFact>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var fact = PayRows.Read(reader);
                items.Add(new BenchmarkFact(
                    fact.Id,
                    ContractWords.Write(fact.Kind),
                    fact.Level,
                    fact.Country,
                    fact.Currency,
                    ContractWords.Write(fact.Period),
                    fact.Components,
                    fact.SampleSize,
                    fact.On,
                    fact.Publisher,
                    ContractWords.Write(fact.ClaimStatus),
                    ContractWords.WriteOrNull(fact.Attribution),
                    fact.RecordedAt));
            }
        }

        // One more than a page was asked for: whether it came says whether there is a next page, without counting them all.
        var hasNext = items.Count > pageSize;
        var shown = items.Take(pageSize).ToList();
        var next = hasNext
            ? QueryHelpers.AddQueryString(http.Request.Path, http.Request.Query
                .Where(pair => pair.Key is not ("page" or "after"))
                .SelectMany(pair => pair.Value.Select(value => KeyValuePair.Create(pair.Key, value)))
                .Append(KeyValuePair.Create("page", (string?)(page + 1).ToString(CultureInfo.InvariantCulture)))
                .Append(KeyValuePair.Create("after", (string?)shown[^1].Id.ToString())))
            : null;
        return TypedResults.Ok(new FactsPage<BenchmarkFact>(shown, page, pageSize, next));
    }

    private static string FactColumns => PayRows.SelectColumns;
}

/// <summary>One page of the facts behind a figure, and the address of the next (null on the last).</summary>
public sealed record FactsPage<T>(IReadOnlyList<T> Items, int Page, int PageSize, string? NextPage);
