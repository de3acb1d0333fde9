using Marten;
using Microsoft.AspNetCore.Http;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.EventStore;

/// <summary>
/// How a command on an existing stream runs in every service: If-Match → expected version, fetch the
/// inline state for writing, a pure decision, append, answer — with the answer stored for its
/// Idempotency-Key in the same transaction.
/// </summary>
/// <typeparam name="TState">The stream's inline snapshot, which decisions read.</typeparam>
public sealed class StreamCommands<TState>(
    Func<TState?, object, TState?> fold,
    Func<TState, long, object> view,
    Func<TState, string> location,
    Func<Guid, IResult> notFound)
    where TState : class
{
    public async Task<IResult> ExecuteAsync(
        Guid streamId,
        HttpContext http,
        IDocumentSession session,
        Func<TState, IReadOnlyList<object>> decide)
    {
        if (!http.Request.TryGetExpectedVersion(out var expectedVersion))
        {
            return ETags.InvalidIfMatch();
        }

        var stream = await session.Events.FetchForWriting<TState>(streamId, http.RequestAborted);
        if (stream.Aggregate is not { } state)
        {
            return notFound(streamId);
        }

        var version = stream.CurrentVersion ?? 0;
        if (expectedVersion is not null && expectedVersion != version)
        {
            return ETags.Stale(version);
        }

        var events = decide(state);
        stream.AppendMany(events);

        // Marten checks at commit that nobody appended since the fetch; a writer that did makes this a 412/409.
        var after = events.Aggregate(state, (current, @event) => fold(current, @event)!);
        return await RespondAsync(http, session, after, version + events.Count, created: false);
    }

    /// <summary>Commits the session and answers with the state's view, its ETag and (when created) its Location.</summary>
    public async Task<IResult> RespondAsync(HttpContext http, IDocumentSession session, TState state, long version, bool created)
    {
        var body = view(state, version);
        http.Response.SetETag(version);
        if (created)
        {
            http.Response.Headers.Location = location(state);
        }

        IdempotencyKeys.Stage(session, http, created ? StatusCodes.Status201Created : StatusCodes.Status200OK, body);
        await session.SaveChangesAsync(http.RequestAborted);
        return created ? TypedResults.Created(location(state), body) : TypedResults.Ok(body);
    }
}
