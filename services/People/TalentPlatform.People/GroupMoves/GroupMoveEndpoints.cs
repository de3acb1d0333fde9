using Marten;
using TalentPlatform.EventStore;
using TalentPlatform.People.People;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.Vocabulary;
using TalentPlatform.Vocabulary.Validation;

namespace TalentPlatform.People.GroupMoves;

public sealed record RecordGroupMoveRequest(string From, string To, int Count, bool CountIsMinimum, PartialDate On, SourceRequest Source);

public sealed record GroupMoveView(Guid Id, string From, string To, int Count, bool CountIsMinimum, DateView On, Source Source, DateTimeOffset RecordedAt, long Version)
{
    public static GroupMoveView Of(GroupMove move, long version) =>
        new(move.Id, move.From, move.To, move.Count, move.CountIsMinimum, DateView.Of(move.On), move.Source, move.RecordedAt, version);
}

internal static class GroupMoveEndpoints
{
    public const int MaxCount = 100_000;

    private static readonly StreamCommands<GroupMove> Commands = new(
        GroupMove.Fold,
        (move, version) => GroupMoveView.Of(move, version),
        move => $"/api/talent-moves/{move.Id}",
        id => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such move.", detail: $"No group move has the id {id}."));

    public static IEndpointRouteBuilder MapGroupMoves(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/talent-moves/group", RecordAsync).WithIdempotencyKeys().WithName("RecordGroupMove")
            .WithSummary("Unnamed people who moved together, counted (and whether the count is a minimum), with the source.");
        app.MapGet("/api/talent-moves/{id:guid}", GetAsync).WithName("GetGroupMove");
        return app;
    }

    private static async Task<IResult> RecordAsync(RecordGroupMoveRequest request, IDocumentSession session, TimeProvider time, HttpContext http)
    {
        var now = time.GetUtcNow();
        var errors = new ValidationErrors()
            .When(request.From == request.To, "to", "A move goes to another organization.")
            .When(request.Count is < 1 or > MaxCount, "count", $"How many moved, 1 to {MaxCount}.")
            .NotFuture("on", request.On.Earliest, now)
            .Source("source", request.Source, now);
        await PeopleEndpoints.OrganizationMustExistAsync(session, "from", request.From, errors, http.RequestAborted);
        await PeopleEndpoints.OrganizationMustExistAsync(session, "to", request.To, errors, http.RequestAborted);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The group move is not valid.");
        }

        var recorded = new GroupMoveRecorded(Guid.CreateVersion7(now), request.From, request.To, request.Count, request.CountIsMinimum, request.On, request.Source.ToSource(), now);
        session.Events.StartStream<GroupMove>(recorded.MoveId, recorded);
        return await Commands.RespondAsync(http, session, GroupMove.Create(recorded), version: 1, created: true);
    }

    private static async Task<IResult> GetAsync(Guid id, IQuerySession session, HttpResponse response, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<GroupMove>(id, cancellationToken) is not { } move)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such move.", detail: $"No group move has the id {id}.");
        }

        response.SetETag(move.Version);
        return TypedResults.Ok(GroupMoveView.Of(move, move.Version));
    }
}
