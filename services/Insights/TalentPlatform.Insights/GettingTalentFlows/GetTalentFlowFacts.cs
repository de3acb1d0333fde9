using Npgsql;
using NpgsqlTypes;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Insights.GettingTalentFlows;

public sealed record MoveView(Guid Id, Guid? PersonId, string? PersonName, int Count, bool CountIsMinimum, string From, string To, string On, string OnPrecision, string ClaimStatus, string Attribution, string Publisher);

/// <summary>The moves behind a talent flow (into or out of an organization, with one counterparty when given), by date, a page at a time.</summary>
internal sealed class GetTalentFlowFactsEndpoint : IUseCase
{
    public const string Route = "/api/insights/talent-flows/facts";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Route, HandleAsync)
            .WithName("GetTalentFlowFacts").Answers<FactsPage<MoveView>>().Paged().Revalidated()
            .WithSummary("The moves into and out of an organization (?organization=&rollUp=&from=&to=, &counterparty= for one), by date, a page at a time (pageSize ≤ 200).");

    private static async Task<IResult> HandleAsync(string? organization, string? counterparty, string? from, string? to, string? rollUp, string? after, HttpContext http, ReadModels readModels, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().When(counterparty is not null && !Slugs.IsValid(counterparty), "counterparty", "An organization's slug, as a counterparty's facts link gives it.");
        var (range, rolledUp) = GetTalentFlowsEndpoint.Validate(organization, from, to, rollUp, errors);
        var (page, pageSize) = Paging.Read(http.Request, errors);
        Cursor? cursor = null;
        if (after is not null)
        {
            errors.When(!Answers.TryCursor(after, out cursor), "after", "The cursor a previous page's nextPage gave.");
        }

        errors.When(cursor is null && (long)(page - 1) * pageSize > Answers.MaxOffset, "page", $"Pages reach {Answers.MaxOffset} moves deep; follow nextPage (it continues from a cursor) beyond.");
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The query is not valid.");
        }

        var generation = await readModels.LiveAsync(cancellationToken);
        await using var connection = await readModels.OpenAsync(cancellationToken);
        var position = await ReadModels.PositionAsync(connection, generation, [ReadModelWriter.Models.Moves, ReadModelWriter.Models.Organizations], cancellationToken);
        if (Answers.IsFresh(http, Answers.ETag("flow-facts", generation, position)))
        {
            return Answers.NotModified();
        }

        var subject = rolledUp ? await GetTalentFlowsEndpoint.RootOfAsync(connection, generation, organization!, cancellationToken) : organization!;
        var s = generation.Schema;
        var members = GetTalentFlowsEndpoint.Members(generation, rolledUp);
        string Side(string column) => rolledUp ? $"coalesce((select root from {s}.organization_roots r where r.slug = m.{column}), m.{column})" : $"m.{column}";
        var selected =
            $"select {ReadModelWriter.MoveColumns} from {s}.moves m where {{0}} in {members} and on_earliest between $2 and $3 and (on_earliest, id) > ($4, $5) " +
            $"and (({Side("from_org")} = $1) <> ({Side("to_org")} = $1)) " +
            $"and ($6::text is null or (case when {Side("to_org")} = $1 then {Side("from_org")} else {Side("to_org")} end) = $6)";
        await using var command = new NpgsqlCommand(
            $"select * from ({string.Format(System.Globalization.CultureInfo.InvariantCulture, selected, "from_org")} union {string.Format(System.Globalization.CultureInfo.InvariantCulture, selected, "to_org")}) moves " +
            "order by on_earliest, id limit $7 offset $8",
            connection)
        {
            Parameters =
            {
                new() { Value = subject },
                SqlBatch.Value(range.From ?? DateOnly.MinValue, NpgsqlDbType.Date),
                SqlBatch.Value(range.To ?? DateOnly.MaxValue, NpgsqlDbType.Date),
                SqlBatch.Value(cursor?.On ?? DateOnly.MinValue, NpgsqlDbType.Date),
                SqlBatch.Value(cursor?.Id ?? Guid.Empty, NpgsqlDbType.Uuid),
                SqlBatch.Value(counterparty, NpgsqlDbType.Text),
                new() { Value = pageSize + 1 },
                new() { Value = cursor is null ? (page - 1) * pageSize : 0 },
            },
        };
        var moves = new List<(MoveView View, DateOnly On)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                moves.Add((ReadMove(reader), reader.GetFieldValue<DateOnly>(9)));
            }
        }

        var shown = moves.Take(pageSize).ToList();
        var next = moves.Count > pageSize ? Answers.Next(http.Request, page, Answers.Cursor(new Cursor(shown[^1].On, shown[^1].View.Id))) : null;
        return TypedResults.Ok(new FactsPage<MoveView>([.. shown.Select(move => move.View)], page, pageSize, next));
    }

    /// <summary>A row of <c>moves</c> (columns of <see cref="ReadModelWriter.MoveColumns"/>) as the answers show it.</summary>
    internal static MoveView ReadMove(NpgsqlDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return new MoveView(
            reader.GetGuid(0),
            reader.IsDBNull(1) ? null : reader.GetGuid(1),
            Text(2),
            reader.GetInt32(3),
            reader.GetBoolean(4),
            reader.GetString(5),
            reader.GetString(6),
            reader.GetString(7),
            reader.GetString(8),
            Text(13) ?? ContractWords.Other,
            Text(12) ?? ContractWords.Other,
            reader.GetString(11));
    }

    private sealed record Cursor(DateOnly On, Guid Id);
}
