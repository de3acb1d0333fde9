
namespace TalentPlatform.People;

/// <summary>The shared command path (<see cref="StreamCommands{TState}"/>) for group moves.</summary>
internal static class GroupMoveCommands
{
    /// <summary>The tag the API document has always listed the group move routes under.</summary>
    public const string Tag = "GroupMoveEndpoints";

    public static readonly StreamCommands<GroupMove> Run = new(
        GroupMove.Fold,
        (move, version) => GroupMoveView.Of(move, version),
        move => $"/api/talent-moves/{move.Id}",
        NotFound);

    public static IResult NotFound(Guid moveId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such move.", detail: $"No group move has the id {moveId}.");
}
