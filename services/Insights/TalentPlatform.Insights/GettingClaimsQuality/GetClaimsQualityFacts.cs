using System.Text.Json;
using Npgsql;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Insights.GettingClaimsQuality;

/// <summary>One claim behind a figure.</summary>
public sealed record ClaimView(string ClaimStatus, string? Attribution, string? Publisher);

/// <summary>A figure in a category, with every claim it rests on.</summary>
public sealed record FigureFact(string Kind, Guid Id, IReadOnlyList<ClaimView> Claims);

/// <summary>
/// The figures of one claims-quality category, kind by kind (deal values, deal stakes, moves, offers, offer outcomes,
/// pay reports, training costs) and by id within a kind, a page at a time: deal and offer figures from the category
/// lists kept as they change, moves and pay reports through their tables' indexes on each category.
/// </summary>
internal sealed class GetClaimsQualityFactsEndpoint : IUseCase
{
    public const string Route = "/api/insights/claims/quality/facts";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Route, HandleAsync)
            .WithName("GetClaimsQualityFacts").Answers<FactsPage<FigureFact>>().Paged().Revalidated()
            .WithSummary("The figures of one claims-quality category (?category=anonymousSource; &kind= for one kind), with their claims, a page at a time (pageSize ≤ 200).");

    private static async Task<IResult> HandleAsync(string? category, string? kind, string? after, HttpContext http, ReadModels readModels, IQuerySession session, CancellationToken cancellationToken)
    {
        var named = category is null ? null : ClaimCategories.Named(category);
        var errors = new ValidationErrors()
            .When(named is null, "category", $"One of {string.Join(", ", ClaimCategories.Every.Select(every => every.Name))}.")
            .When(kind is not null && !ClaimCategories.Kinds.Contains(kind), "kind", $"One of {string.Join(", ", ClaimCategories.Kinds)}.");
        var (page, pageSize) = Paging.Read(http.Request, errors);
        Cursor? cursor = null;
        if (after is not null)
        {
            errors.When(!Answers.TryCursor(after, out cursor) || !ClaimCategories.Kinds.Contains(cursor!.Kind), "after", "The cursor a previous page's nextPage gave.");
        }

        errors.When(cursor is null && (long)(page - 1) * pageSize > Answers.MaxOffset, "page", $"Pages reach {Answers.MaxOffset} figures deep; follow nextPage (it continues from a cursor) beyond.");
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The query is not valid.");
        }

        var generation = await readModels.LiveAsync(cancellationToken);
        await using var connection = await readModels.OpenAsync(cancellationToken);
        var costs = await session.Query<ModelTrainingCost>().ToListAsync(cancellationToken);
        var position = await ReadModels.PositionAsync(
            connection, generation, [ReadModelWriter.Models.Deals, ReadModelWriter.Models.Offers, ReadModelWriter.Models.Pay, ReadModelWriter.Models.Moves], cancellationToken);
        if (Answers.IsFresh(http, Answers.ETag("claims-facts", generation, position, costs.Count)))
        {
            return Answers.NotModified();
        }

        // Kind by kind from the cursor's (or the first, or the one asked for), until a page and one more are found.
        var kinds = ClaimCategories.Kinds.Where(every => kind is null || every == kind).ToList();
        var start = cursor is null ? 0 : kinds.IndexOf(cursor.Kind);
        var skip = cursor is null ? (page - 1) * pageSize : 0;
        var figures = new List<FigureFact>();
        for (var i = Math.Max(start, 0); i < kinds.Count && figures.Count <= pageSize; i++)
        {
            var afterId = cursor is not null && kinds[i] == cursor.Kind ? cursor.Id : (Guid?)null;
            var found = await FiguresAsync(connection, generation, costs, named!, kinds[i], afterId, skip + pageSize + 1 - figures.Count, cancellationToken);
            var skipped = Math.Min(skip, found.Count);
            skip -= skipped;
            figures.AddRange(found.Skip(skipped));
        }

        var shown = figures.Take(pageSize).ToList();
        var next = figures.Count > pageSize ? Answers.Next(http.Request, page, Answers.Cursor(new Cursor(shown[^1].Kind, shown[^1].Id))) : null;
        return TypedResults.Ok(new FactsPage<FigureFact>(shown, page, pageSize, next));
    }

    private static async Task<List<FigureFact>> FiguresAsync(
        NpgsqlConnection connection, Generation generation, IReadOnlyList<ModelTrainingCost> costs, ClaimCategory category, string kind, Guid? after, int limit, CancellationToken cancellationToken)
    {
        var s = generation.Schema;
        var bit = category.Bit;
        switch (kind)
        {
            case "training-cost":
                return [.. GetClaimsQualityEndpoint.TrainingCostFigures(costs)
                    .Where(figure => (figure.Flags & bit) != 0 && (after is null || figure.First.Id.CompareTo(after.Value) > 0))
                    .OrderBy(figure => figure.First.Id)
                    .Take(limit)
                    .Select(figure => new FigureFact(kind, figure.First.Id, [.. costs.Where(cost => cost.Model == figure.First.Model)
                        .Select(cost => new ClaimView(ContractWords.Write<ClaimStatus>(cost.Source.Status), ContractWords.WriteOrNull<Attribution>(cost.Source.Attribution), cost.Source.Publisher))]))];
            case "pay-report":
                // Every report is a single claim: the single-source list is every market report, by its key.
                var payFilter = bit == ClaimCategories.SingleSource.Bit ? "origin = 'market'" : $"origin = 'market' and claim_flags & {bit} <> 0";
                return await ReadAsync(connection, $"select id, claim_status, attribution, publisher from {s}.pay_rows where {payFilter} and id > $1 order by id limit $2", kind, after, limit, cancellationToken);
            case "move":
                var moveFilter = bit == ClaimCategories.SingleSource.Bit ? "true" : $"claim_flags & {bit} <> 0";
                return await ReadAsync(connection, $"select id, claim_status, attribution, publisher from {s}.moves where {moveFilter} and id > $1 order by id limit $2", kind, after, limit, cancellationToken);
            default:
                return await ListedAsync(connection, generation, category, kind, after, limit, cancellationToken);
        }
    }

    /// <summary>Deal and offer figures: the category's list, and each figure's claims from its current state.</summary>
    private static async Task<List<FigureFact>> ListedAsync(
        NpgsqlConnection connection, Generation generation, ClaimCategory category, string kind, Guid? after, int limit, CancellationToken cancellationToken)
    {
        var s = generation.Schema;
        var source = kind.StartsWith("deal-", StringComparison.Ordinal)
            ? $"select f.id, d.claims::text from {s}.claim_figures f join {s}.deal_versions d on d.id = f.id and d.superseded_at is null"
            : $"select f.id, o.doc::text from {s}.claim_figures f join {s}.offers o on o.id = f.id";
        await using var command = new NpgsqlCommand($"{source} where f.category = $3 and f.kind = $4 and f.id > $1 order by f.id limit $2", connection)
        {
            Parameters = { new() { Value = after ?? Guid.Empty }, new() { Value = limit }, new() { Value = category.Name }, new() { Value = kind } },
        };
        var figures = new List<FigureFact>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetGuid(0);
            var json = reader.GetString(1);
            IEnumerable<FigureClaim> claims = kind switch
            {
                "offer" => JsonSerializer.Deserialize<OfferFact>(json, ReadModelWriter.Json)!.OfferClaims(),
                "offer-outcome" => JsonSerializer.Deserialize<OfferFact>(json, ReadModelWriter.Json)!.OutcomeClaims(),
                _ => JsonSerializer.Deserialize<List<TermClaim>>(json, ReadModelWriter.Json)!
                    .Where(claim => $"deal-{ContractWords.Write(claim.Term)}" == kind)
                    .Select(claim => new FigureClaim(claim.ClaimStatus, claim.Attribution, claim.Publisher)),
            };
            figures.Add(new FigureFact(kind, id, [.. claims.Select(claim => new ClaimView(ContractWords.Write(claim.Status), ContractWords.WriteOrNull(claim.Attribution), claim.Publisher))]));
        }

        return figures;
    }

    private static async Task<List<FigureFact>> ReadAsync(NpgsqlConnection connection, string sql, string kind, Guid? after, int limit, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = after ?? Guid.Empty }, new() { Value = limit } } };
        var figures = new List<FigureFact>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            figures.Add(new FigureFact(kind, reader.GetGuid(0), [new ClaimView(Text(1) ?? ContractWords.Other, Text(2), Text(3))]));
        }

        return figures;
    }

    private sealed record Cursor(string Kind, Guid Id);
}
