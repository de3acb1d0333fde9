using Marten;
using TalentPlatform.Deals.GettingDealDetails;
using TalentPlatform.Messaging;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Deals;

/// <summary>
/// How every command on a recorded deal runs: If-Match → expected version, fetch for writing, a pure
/// decision, append, answer — with the answer stored for its Idempotency-Key in the same transaction.
/// </summary>
internal static class DealCommands
{
    public static async Task<IResult> ExecuteAsync(
        Guid dealId,
        HttpContext http,
        IDocumentSession session,
        Func<Deal, IReadOnlyList<object>> decide)
    {
        if (!http.Request.TryGetExpectedVersion(out var expectedVersion))
        {
            return ETags.InvalidIfMatch();
        }

        var stream = await session.Events.FetchForWriting<Deal>(dealId, http.RequestAborted);
        if (stream.Aggregate is not { } deal)
        {
            return NotFound(dealId);
        }

        var version = stream.CurrentVersion ?? 0;
        if (expectedVersion is not null && expectedVersion != version)
        {
            return ETags.Stale(version);
        }

        var events = decide(deal);
        stream.AppendMany(events);

        // Marten checks at commit that nobody appended since the fetch; a writer that did makes this a 412/409.
        var after = events.Aggregate(deal, (state, @event) => Deal.Fold(state, @event)!);
        return await RespondAsync(http, session, DealView.From(after, version + events.Count), created: false);
    }

    public static async Task<IResult> RespondAsync(HttpContext http, IDocumentSession session, DealView view, bool created)
    {
        var location = $"/api/deals/{view.Id}";
        http.Response.SetETag(view.Version);
        if (created)
        {
            http.Response.Headers.Location = location;
        }

        IdempotencyKeys.Stage(session, http, created ? StatusCodes.Status201Created : StatusCodes.Status200OK, view);
        await session.SaveChangesAsync(http.RequestAborted);
        return created ? TypedResults.Created(location, view) : TypedResults.Ok(view);
    }

    public static IResult NotFound(Guid dealId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such deal.", detail: $"No deal has the id {dealId}.");
}
