using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Deals.Closing;

public sealed record CloseDealRequest(DateOnly ClosedOn);

public sealed record CloseDeal(DateOnly ClosedOn, DateTimeOffset Now);

public static class CloseDealDecision
{
    /// <summary>Only an announced deal closes, and not before the day it was announced.</summary>
    public static IReadOnlyList<object> Decide(Deal deal, CloseDeal command) => deal.Status switch
    {
        DealStatus.Announced when command.ClosedOn < deal.AnnouncedOn =>
            throw new ConflictException($"The deal cannot close before it was announced ({deal.AnnouncedOn:yyyy-MM-dd})."),
        DealStatus.Announced => [new DealClosed(deal.Id, command.ClosedOn, command.Now)],
        DealStatus.Rumoured => throw new ConflictException("The deal is only rumoured; announce it before it closes."),
        DealStatus.Closed => throw new ConflictException($"The deal already closed on {deal.ClosedOn:yyyy-MM-dd}."),
        _ => throw new ConflictException("The deal is cancelled; a cancelled deal does not close."),
    };
}

internal sealed class CloseDealEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/deals/{id:guid}/close", HandleAsync).RequireAuthorization(Policies.MarketWriter)
            .WithIdempotencyKeys()
            .WithName("CloseDeal").Commands<DealView>()
            .WithSummary("An announced deal completes.");
    }

    private static async Task<IResult> HandleAsync(Guid id, CloseDealRequest request, IDocumentSession session, TimeProvider time, HttpContext http)
    {
        var now = time.GetUtcNow();
        var errors = new ValidationErrors().NotFuture("closedOn", request.ClosedOn, now);
        return !errors.IsEmpty
            ? TypedResults.ValidationProblem(errors.ToDictionary(), title: "The closing is not valid.")
            : await DealCommands.Run.ExecuteAsync(id, http, session, deal => CloseDealDecision.Decide(deal, new CloseDeal(request.ClosedOn, now)));
    }
}
