using System.Text.Json;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Deals.GettingDealDetails;

/// <summary>One event of a deal's history: what was recorded, when, and on whose word.</summary>
public sealed record DealHistoryEntry(long Version, string Event, DateTimeOffset RecordedAt, IReadOnlyList<Source> Sources, object Data);

public sealed record DealHistory(Guid DealId, IReadOnlyList<DealHistoryEntry> Items);

internal sealed class GetDealEndpoints : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/deals/{id:guid}", GetAsync)
            .WithName("GetDeal").Reads<DealView>().ProducesValidationProblem()
            .WithSummary("A deal with its current terms and every claim; ?asOf= shows it as it was known then.");
        app.MapGet("/api/deals/{id:guid}/history", GetHistoryAsync)
            .WithName("GetDealHistory").Produces<DealHistory>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Every event of a deal, with when it was recorded and its sources.");
    }

    /// <param name="asOf">A day (the deal as known at its end, UTC) or an instant (ISO 8601 with offset).</param>
    private static async Task<IResult> GetAsync(Guid id, string? asOf, IQuerySession session, HttpResponse response, CancellationToken cancellationToken)
    {
        if (asOf is null)
        {
            var deal = await session.LoadAsync<Deal>(id, cancellationToken);
            return deal is null ? DealCommands.NotFound(id) : Ok(response, DealView.From(deal, deal.Version));
        }

        var errors = new ValidationErrors();
        if (QueryParameters.AsOf(asOf, errors) is not { } knownAt)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        // By when facts were recorded, not when they happened: what TalentPlatform knew at that moment.
        var events = await session.Events.FetchStreamAsync(id, timestamp: knownAt, token: cancellationToken);
        var then = events.Aggregate((Deal?)null, (state, @event) => Deal.Fold(state, @event.Data));
        return then is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such deal then.", detail: $"Deal {id} was not recorded as of {knownAt:O}.")
            : Ok(response, DealView.From(then, events[^1].Version));
    }

    private static async Task<IResult> GetHistoryAsync(Guid id, IQuerySession session, CancellationToken cancellationToken)
    {
        var events = await session.Events.FetchStreamAsync(id, token: cancellationToken);
        if (events.Count == 0)
        {
            return DealCommands.NotFound(id);
        }

        var items = events.Select(@event => new DealHistoryEntry(
            @event.Version,
            JsonNamingPolicy.KebabCaseLower.ConvertName(@event.EventType.Name),
            @event.Timestamp,
            Sources(@event.Data),
            @event.Data)).ToList();
        return TypedResults.Ok(new DealHistory(id, items));
    }

    private static IReadOnlyList<Source> Sources(object data) => data switch
    {
        DealRecorded recorded => [.. recorded.Claims.Select(claim => claim.Source).OfType<Source>().Distinct()],
        DealTermClaimed { Claim.Source: { } source } => [source],
        _ => [],
    };

    private static IResult Ok(HttpResponse response, DealView view)
    {
        response.SetETag(view.Version);
        return TypedResults.Ok(view);
    }
}
