
namespace TalentPlatform.People;

/// <summary>
/// Unnamed people who moved together — "more than twenty former Google DeepMind employees" — counted,
/// never listed: a group move is its own stream, not a change to anyone's timeline.
/// </summary>
public sealed record GroupMoveRecorded(
    Guid MoveId,
    string From,
    string To,
    int Count,
    bool CountIsMinimum,
    PartialDate On,
    Source Source,
    DateTimeOffset RecordedAt);

public sealed record GroupMove(Guid Id, string From, string To, int Count, bool CountIsMinimum, PartialDate On, Source Source, DateTimeOffset RecordedAt)
{
    public long Version { get; set; }

    public static GroupMove Create(GroupMoveRecorded recorded) => new(
        recorded.MoveId, recorded.From, recorded.To, recorded.Count, recorded.CountIsMinimum, recorded.On, recorded.Source, recorded.RecordedAt);

    public static GroupMove? Fold(GroupMove? move, object @event) => @event is GroupMoveRecorded recorded && move is null ? Create(recorded) : move;
}
