using Npgsql;
using NpgsqlTypes;
using TalentPlatform.Compensation.Contracts;
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

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Route, HandleAsync)
            .WithName("GetCompensationBenchmarkFacts").Answers<FactsPage<BenchmarkFact>>().Paged()
            .WithSummary("The market pay reports behind a benchmark cell (?role=&level=&country=&asOf=), a page at a time (pageSize ≤ 200), by level, country and id; tenant rows are never listed.");

    private static async Task<IResult> HandleAsync(string? role, string? level, string? country, string? asOf, string? after, HttpContext http, ReadModels readModels, CancellationToken cancellationToken)
    {
        var errors = GetBenchmarksEndpoint.Validate(role, level, country);
        var knownAt = QueryParameters.AsOf(asOf, errors);
        var (page, pageSize) = Paging.Read(http.Request, errors);
        Cursor? from = null;
        if (after is not null)
        {
            errors.When(!Answers.TryCursor(after, out from), "after", "The cursor a previous page's nextPage gave.");
        }

        errors.When(from is null && (long)(page - 1) * pageSize > Answers.MaxOffset, "page", $"Pages reach {Answers.MaxOffset} facts deep; follow nextPage (it continues from a cursor) beyond.");
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The query is not valid.");
        }

        Answers.Uncached(http);
        var generation = await readModels.LiveAsync(cancellationToken);
        await using var connection = await readModels.OpenAsync(cancellationToken);
        // The order of the facts index: level, country (absent ones first, as ''), id.
        await using var command = new NpgsqlCommand(
            $"select {PayRows.SelectColumns} from {generation.Schema}.pay_rows where role = $1 and origin = 'market' " +
            "and ($2::text is null or coalesce(level, '') = $2) and ($3::text is null or coalesce(country, '') = $3) and ($4::timestamptz is null or recorded_at <= $4) " +
            "and ($5::text is null or (coalesce(level, ''), coalesce(country, ''), id) > ($5, $6, $7)) " +
            "order by coalesce(level, ''), coalesce(country, ''), id limit $8 offset $9",
            connection)
        {
            Parameters =
            {
                new() { Value = role! },
                SqlBatch.Value(level, NpgsqlDbType.Text),
                SqlBatch.Value(country, NpgsqlDbType.Text),
                SqlBatch.Value(knownAt?.UtcDateTime, NpgsqlDbType.TimestampTz),
                SqlBatch.Value(from?.Level, NpgsqlDbType.Text),
                SqlBatch.Value(from?.Country ?? "", NpgsqlDbType.Text),
                SqlBatch.Value(from?.Id ?? Guid.Empty, NpgsqlDbType.Uuid),
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
        var shown = items.Take(pageSize).ToList();
        var next = items.Count > pageSize ? Answers.Next(http.Request, page, Answers.Cursor(new Cursor(shown[^1].Level ?? "", shown[^1].Country ?? "", shown[^1].Id))) : null;
        return TypedResults.Ok(new FactsPage<BenchmarkFact>(shown, page, pageSize, next));
    }

    private sealed record Cursor(string Level, string Country, Guid Id);
}
