using Marten;
using Marten.Events.Aggregation;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Deals.GettingDealDetails;

/// <summary>A deal as <c>GET /api/deals/{id}</c> shows it.</summary>
public sealed class DealDetails
{
    public Guid Id { get; set; }

    public DealType Type { get; set; }

    public string Acquirer { get; set; } = "";

    public string Target { get; set; } = "";

    public DealStatus Status { get; set; }

    public DateOnly? AnnouncedOn { get; set; }

    public ClaimedValue? Value { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>The deal stream's version; its ETag.</summary>
    public long Version { get; set; }
}

/// <summary>Inline, so a client reads its own writes.</summary>
public sealed class DealDetailsProjection : SingleStreamProjection<DealDetails, Guid>
{
    public static DealDetails Create(DealRecorded recorded) => new()
    {
        Id = recorded.DealId,
        Type = recorded.Type,
        Acquirer = recorded.Acquirer,
        Target = recorded.Target,
        Status = recorded.Status,
        AnnouncedOn = recorded.AnnouncedOn,
        Value = recorded.Value,
        RecordedAt = recorded.RecordedAt,
    };
}

internal static class GetDealDetailsEndpoint
{
    public static IEndpointRouteBuilder MapGetDealDetails(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/deals/{id:guid}", HandleAsync)
            .WithName("GetDeal")
            .WithSummary("A deal with its current terms.");
        return app;
    }

    private static async Task<IResult> HandleAsync(Guid id, IQuerySession session, HttpResponse response, CancellationToken cancellationToken)
    {
        var deal = await session.LoadAsync<DealDetails>(id, cancellationToken);
        if (deal is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such deal.", detail: $"No deal has the id {id}.");
        }

        response.SetETag(deal.Version);
        return TypedResults.Ok(deal);
    }
}
