using Marten.Events;
using TalentPlatform.Deals.Contracts;

namespace TalentPlatform.Insights.GettingLeagueTable;

/// <summary>
/// Deals as Insights knew them: now (the deal facts), or as of a moment, from its own copy of the
/// events — each deal as its newest snapshot recorded by then.
/// </summary>
public static class DealSnapshots
{
    private static readonly Type[] DealEvents =
    [
        typeof(DealRumoured), typeof(DealAnnounced), typeof(DealTermsChanged), typeof(DealClosed), typeof(DealCancelled), typeof(TalentAttachedToDeal),
    ];

    public static async Task<IReadOnlyList<DealFact>> LoadAsync(IQuerySession session, DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        if (asOf is null)
        {
            return await session.Query<DealFact>().ToListAsync(cancellationToken);
        }

        var events = await session.Events.QueryAllRawEvents().Where(e => e.EventTypesAre(DealEvents)).ToListAsync(cancellationToken);
        return [.. events
            .Select(e => Replay(e.Data))
            .Where(known => known.RecordedAt <= asOf)
            .GroupBy(known => known.Snapshot.Id)
            .Select(deal => deal.OrderBy(known => known.Snapshot.Version).Aggregate(new DealFact(), (fact, known) => known.Apply(fact)))];
    }

    private static (DealSnapshot Snapshot, DateTimeOffset RecordedAt, Func<DealFact, DealFact> Apply) Replay(object message) => message switch
    {
        DealRumoured e => (e.Deal, e.RecordedAt, fact => DealFactProjection.Apply(e, fact)),
        DealAnnounced e => (e.Deal, e.RecordedAt, fact => DealFactProjection.Apply(e, fact)),
        DealTermsChanged e => (e.Deal, e.RecordedAt, fact => DealFactProjection.Apply(e, fact)),
        DealClosed e => (e.Deal, e.RecordedAt, fact => DealFactProjection.Apply(e, fact)),
        DealCancelled e => (e.Deal, e.RecordedAt, fact => DealFactProjection.Apply(e, fact)),
        TalentAttachedToDeal e => (e.Deal, e.RecordedAt, fact => DealFactProjection.Apply(e, fact)),
        _ => throw new InvalidOperationException($"{message.GetType().Name} is not a deal event."),
    };
}
