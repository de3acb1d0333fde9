using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Insights.GettingTalentFlows;

/// <summary>People moving one way: how many, and whether that is "at least" (a group reported as a minimum).</summary>
public sealed record Flow(int People, bool IsMinimum)
{
    public static Flow Of(IEnumerable<MoveFact> moves)
    {
        var list = moves.ToList();
        return new(list.Sum(move => move.Count), list.Any(move => move.CountIsMinimum));
    }
}

/// <summary>
/// Flows with one counterparty. <see cref="Net"/> is inflow minus outflow; when either side is a
/// minimum, the net is only as exact as the flags on <see cref="Inflow"/> and <see cref="Outflow"/> say.
/// </summary>
public sealed record Counterparty(string Organization, Flow Inflow, Flow Outflow, int Net, IReadOnlyList<Guid> Moves);

public sealed record MoveView(Guid Id, Guid? PersonId, string? PersonName, int Count, bool CountIsMinimum, string From, string To, string On, string OnPrecision, string ClaimStatus, string Attribution, string Publisher);

public sealed record TalentFlows(
    string Organization,
    bool RolledUp,
    DateOnly? From,
    DateOnly? To,
    Flow Inflow,
    Flow Outflow,
    int Net,
    IReadOnlyList<Counterparty> Counterparties,
    IReadOnlyList<MoveView> Moves);

internal sealed class GetTalentFlowsEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/insights/talent-flows", HandleAsync)
            .WithName("GetTalentFlows")
            .WithSummary("Who moved into and out of an organization (?rollUp=true counts its subsidiaries as one), per counterparty, from named and group moves.");
    }

    private static async Task<IResult> HandleAsync(string? organization, string? from, string? to, string? rollUp, IQuerySession session, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .When(!Slugs.IsValid(organization), "organization", "The organization's slug, such as google-deepmind.");
        var range = QueryParameters.DateRange(from, to, errors);
        var rolledUp = QueryParameters.Flag(rollUp, "rollUp", errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The talent-flow query is not valid.");
        }

        var tree = await OrganizationTree.LoadAsync(session, cancellationToken);
        var subject = tree.Group(organization!, rolledUp);
        var moves = (await session.Query<MoveFact>().ToListAsync(cancellationToken))
            .Where(move => range.Contains(move.OnEarliest))
            .Select(move => (Move: move, From: tree.Group(move.From, rolledUp), To: tree.Group(move.To, rolledUp)))
            // A move inside the (rolled-up) organization is neither in nor out.
            .Where(move => (move.From == subject) != (move.To == subject))
            .ToList();

        var inflow = moves.Where(move => move.To == subject).Select(move => move.Move).ToList();
        var outflow = moves.Where(move => move.From == subject).Select(move => move.Move).ToList();
        var counterparties = moves
            .GroupBy(move => move.To == subject ? move.From : move.To)
            .Select(group =>
            {
                var into = group.Where(move => move.To == subject).Select(move => move.Move).ToList();
                var outOf = group.Where(move => move.From == subject).Select(move => move.Move).ToList();
                return new Counterparty(group.Key, Flow.Of(into), Flow.Of(outOf), into.Sum(move => move.Count) - outOf.Sum(move => move.Count), [.. group.Select(move => move.Move.Id).Order()]);
            })
            .OrderByDescending(counterparty => Math.Abs(counterparty.Net))
            .ThenBy(counterparty => counterparty.Organization, StringComparer.Ordinal)
            .ToList();

        return TypedResults.Ok(new TalentFlows(
            subject,
            rolledUp,
            range.From,
            range.To,
            Flow.Of(inflow),
            Flow.Of(outflow),
            inflow.Sum(move => move.Count) - outflow.Sum(move => move.Count),
            counterparties,
            [.. moves.OrderBy(move => move.Move.OnEarliest).ThenBy(move => move.Move.Id).Select(move => View(move.Move))]));
    }

    private static MoveView View(MoveFact move) => new(
        move.Id,
        move.PersonId,
        move.PersonName,
        move.Count,
        move.CountIsMinimum,
        move.From,
        move.To,
        move.On,
        move.OnPrecision,
        ContractWords.Write(move.ClaimStatus),
        ContractWords.Write(move.Attribution),
        move.Publisher);
}
