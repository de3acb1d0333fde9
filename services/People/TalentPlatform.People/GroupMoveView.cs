
namespace TalentPlatform.People;

public sealed record GroupMoveView(Guid Id, string From, string To, int Count, bool CountIsMinimum, DateView On, Source Source, DateTimeOffset RecordedAt, long Version)
{
    public static GroupMoveView Of(GroupMove move, long version) =>
        new(move.Id, move.From, move.To, move.Count, move.CountIsMinimum, DateView.Of(move.On), move.Source, move.RecordedAt, version);
}
