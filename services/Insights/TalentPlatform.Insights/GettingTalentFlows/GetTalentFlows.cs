using Npgsql;
using NpgsqlTypes;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Insights.GettingTalentFlows;

/// <summary>
/// Flows with one counterparty: people in, people out (each at least its value when a group was reported as a minimum)
/// and the net, inflow minus outflow, with the bound that follows (see <see cref="BoundedCount"/>). <see cref="Facts"/> lists the moves.
/// </summary>
public sealed record Counterparty(string Organization, BoundedCount Inflow, BoundedCount Outflow, BoundedCount Net, string Facts);

/// <param name="CounterpartyCount">Counterparties in all; the <see cref="GetTalentFlowsEndpoint.MaxCounterparties"/> with the largest net flows are listed.</param>
/// <param name="Facts">Every move in or out, a page at a time.</param>
public sealed record TalentFlows(
    string Organization,
    bool RolledUp,
    DateOnly? From,
    DateOnly? To,
    BoundedCount Inflow,
    BoundedCount Outflow,
    BoundedCount Net,
    int CounterpartyCount,
    IReadOnlyList<Counterparty> Counterparties,
    string Facts);

/// <summary>
/// Who moved into and out of an organization, from the per-pair counters (all time) or, for a date range, from the
/// organization's own moves in it (through the indexes on each side); rolled up to parents through each
/// organization's root. The moves behind a figure are a link away.
/// </summary>
internal sealed class GetTalentFlowsEndpoint : IUseCase
{
    public const string Route = "/api/insights/talent-flows";
    public const int MaxCounterparties = 200;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Route, HandleAsync)
            .WithName("GetTalentFlows").Answers<TalentFlows>().Revalidated()
            .WithSummary("Who moved into and out of an organization (?rollUp=true counts its subsidiaries as one), per counterparty (the 200 largest), from named and group moves; the moves behind each figure are a link away.");

    public static (DayRange Range, bool RolledUp) Validate(string? organization, string? from, string? to, string? rollUp, ValidationErrors errors)
    {
        errors.When(!Slugs.IsValid(organization), "organization", "The organization's slug, such as google-deepmind.");
        return (QueryParameters.DateRange(from, to, errors), QueryParameters.Flag(rollUp, "rollUp", errors));
    }

    private static async Task<IResult> HandleAsync(string? organization, string? from, string? to, string? rollUp, HttpContext http, ReadModels readModels, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (range, rolledUp) = Validate(organization, from, to, rollUp, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The talent-flow query is not valid.");
        }

        var generation = await readModels.LiveAsync(cancellationToken);
        await using var connection = await readModels.OpenAsync(cancellationToken);
        var position = await ReadModels.PositionAsync(connection, generation, [ReadModelWriter.Models.Moves, ReadModelWriter.Models.Organizations], cancellationToken);
        if (Answers.IsFresh(http, Answers.ETag("flows", generation, position)))
        {
            return Answers.NotModified();
        }

        var subject = rolledUp ? await RootOfAsync(connection, generation, organization!, cancellationToken) : organization!;
        var pairs = await PairsAsync(connection, generation, subject, rolledUp, range, cancellationToken);

        // A move inside the (rolled-up) organization is neither in nor out.
        var crossing = pairs.Where(pair => (pair.From == subject) != (pair.To == subject)).ToList();
        var inflow = crossing.Where(pair => pair.To == subject).ToList();
        var outflow = crossing.Where(pair => pair.From == subject).ToList();
        var counterparties = crossing
            .GroupBy(pair => pair.To == subject ? pair.From : pair.To, StringComparer.Ordinal)
            .Select(group =>
            {
                var into = group.Where(pair => pair.To == subject).ToList();
                var outOf = group.Where(pair => pair.From == subject).ToList();
                return new Counterparty(group.Key, Flow(into), Flow(outOf), Flow(into) - Flow(outOf), Link(subject, rolledUp, range, group.Key));
            })
            .OrderByDescending(counterparty => Math.Abs(counterparty.Net.Value))
            .ThenBy(counterparty => counterparty.Organization, StringComparer.Ordinal)
            .ToList();

        return TypedResults.Ok(new TalentFlows(
            subject,
            rolledUp,
            range.From,
            range.To,
            Flow(inflow),
            Flow(outflow),
            Flow(inflow) - Flow(outflow),
            counterparties.Count,
            [.. counterparties.Take(MaxCounterparties)],
            Link(subject, rolledUp, range, null)));
    }

    /// <summary>A pair of (rolled-up) organizations with the moves between them, one way.</summary>
    internal sealed record Pair(string From, string To, int Moves, int People, int Minimums);

    internal static async Task<string> RootOfAsync(NpgsqlConnection connection, Generation generation, string organization, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"select root from {generation.Schema}.organization_roots where slug = $1", connection) { Parameters = { new() { Value = organization } } };
        return await command.ExecuteScalarAsync(cancellationToken) as string ?? organization;
    }

    /// <summary>The organizations a subject stands for: itself, and when rolled up every organization whose root it is.</summary>
    internal static string Members(Generation generation, bool rolledUp) =>
        rolledUp ? $"(select slug from {generation.Schema}.organization_roots where root = $1 union select $1)" : "(select $1)";

    /// <summary>The subject's pairs, each side rolled up when asked: all time from the pair counters, in a range from the moves.</summary>
    private static async Task<List<Pair>> PairsAsync(NpgsqlConnection connection, Generation generation, string subject, bool rolledUp, DayRange range, CancellationToken cancellationToken)
    {
        var s = generation.Schema;
        var members = Members(generation, rolledUp);
        var source = range.From is null && range.To is null
            ? $"""
              select from_org, to_org, moves, people, minimums from {s}.flow_pairs where from_org in {members}
              union all
              select from_org, to_org, moves, people, minimums from {s}.flow_pairs where to_org in {members} and from_org not in {members}
              """
            : $"""
              select from_org, to_org, count(*)::int, sum(count)::int, (count(*) filter (where is_minimum))::int from (
                  select from_org, to_org, count, is_minimum from {s}.moves where from_org in {members} and on_earliest between $2 and $3
                  union all
                  select from_org, to_org, count, is_minimum from {s}.moves where to_org in {members} and from_org not in {members} and on_earliest between $2 and $3) m
              group by from_org, to_org
              """;
        var sql = rolledUp
            ? $"select coalesce(rf.root, p.from_org), coalesce(rt.root, p.to_org), p.moves, p.people, p.minimums from ({source}) as p (from_org, to_org, moves, people, minimums) " +
              $"left join {s}.organization_roots rf on rf.slug = p.from_org left join {s}.organization_roots rt on rt.slug = p.to_org"
            : source;
        await using var command = new NpgsqlCommand(sql, connection)
        {
            Parameters =
            {
                new() { Value = subject },
                SqlBatch.Value(range.From ?? DateOnly.MinValue, NpgsqlDbType.Date),
                SqlBatch.Value(range.To ?? DateOnly.MaxValue, NpgsqlDbType.Date),
            },
        };
        var pairs = new List<Pair>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pairs.Add(new Pair(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4)));
        }

        return pairs;
    }

    private static BoundedCount Flow(IEnumerable<Pair> pairs) => BoundedCount.Total(pairs.Select(pair => (pair.People, pair.Minimums > 0)));

    private static string Link(string subject, bool rolledUp, DayRange range, string? counterparty) => Answers.Link(
        GetTalentFlowFactsEndpoint.Route,
        ("organization", subject), ("rollUp", Answers.Flag(rolledUp)), ("from", Answers.Day(range.From)), ("to", Answers.Day(range.To)), ("counterparty", counterparty));
}
