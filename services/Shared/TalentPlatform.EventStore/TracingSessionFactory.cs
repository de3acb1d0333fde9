using Marten;

namespace TalentPlatform.EventStore;

/// <summary>Lightweight sessions whose appended events carry the current trace context.</summary>
internal sealed class TracingSessionFactory(IDocumentStore store) : ISessionFactory
{
    public IQuerySession QuerySession() => store.QuerySession();

    public IDocumentSession OpenSession()
    {
        var session = store.LightweightSession();
        TraceContext.Stamp(session);
        return session;
    }
}
