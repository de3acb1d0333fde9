using Marten;

namespace TalentPlatform.Insights;

/// <summary>Appending to a received-event stream so that its inline read model never keeps a stale read.</summary>
public static class ReceivedStreams
{
    /// <summary>
    /// Reads <typeparamref name="TFact"/> with its version and appends expecting that version: two
    /// messages about one thing applied at once collide, and one retries on the other's result.
    /// </summary>
    public static async Task AppendAsync<TFact>(IDocumentSession session, Guid streamId, object message, CancellationToken cancellationToken)
        where TFact : class
    {
        var stream = await session.Events.FetchForWriting<TFact>(streamId, cancellationToken);
        stream.AppendOne(message);
    }
}
