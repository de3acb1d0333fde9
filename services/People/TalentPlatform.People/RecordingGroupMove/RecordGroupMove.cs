using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.People.RecordingGroupMove;

public sealed record RecordGroupMoveRequest(string From, string To, int Count, bool CountIsMinimum, PartialDate On, SourceRequest Source);

public sealed record RecordGroupMove(Guid MoveId, string From, string To, int Count, bool CountIsMinimum, PartialDate On, Source Source, DateTimeOffset Now);

public static class RecordGroupMoveDecision
{
    /// <summary>A group move is recorded once, under a new id, and never changes anyone's timeline.</summary>
    public static IReadOnlyList<object> Decide(GroupMove? current, RecordGroupMove command) =>
        current is not null
            ? throw new ConflictException($"Group move {command.MoveId} is already recorded.")
            : [new GroupMoveRecorded(command.MoveId, command.From, command.To, command.Count, command.CountIsMinimum, command.On, command.Source, command.Now)];
}

internal sealed class RecordGroupMoveEndpoint : IUseCase
{
    private const int MaxCount = 100_000;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/talent-moves/group", HandleAsync).RequireAuthorization(Policies.MarketWriter)
            .WithIdempotencyKeys()
            .WithTags(GroupMoveCommands.Tag)
            .WithName("RecordGroupMove").Creates<GroupMoveView>()
            .WithSummary("Unnamed people who moved together, counted (and whether the count is a minimum), with the source.");
    }

    private static async Task<IResult> HandleAsync(RecordGroupMoveRequest request, IDocumentSession session, TimeProvider time, HttpContext http)
    {
        var now = time.GetUtcNow();
        var errors = await PeopleRules.ValidateMoveAsync(Organizations.In(session), request.From, request.To, request.On, request.Source, now, own => own
                .When(request.Count is < 1 or > MaxCount, "count", $"How many moved, 1 to {MaxCount}."),
            http.RequestAborted);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The group move is not valid.");
        }

        var command = new RecordGroupMove(
            Guid.CreateVersion7(now), request.From, request.To, request.Count, request.CountIsMinimum, request.On, request.Source.ToSource(), now);
        var events = RecordGroupMoveDecision.Decide(null, command);

        session.Events.StartStream<GroupMove>(command.MoveId, events);
        return await GroupMoveCommands.Run.RespondAsync(http, session, events.Aggregate((GroupMove?)null, GroupMove.Fold)!, events.Count, created: true);
    }
}
