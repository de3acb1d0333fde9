using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Deals.Cancelling;

public sealed record CancelDealRequest(DateOnly CancelledOn, string Reason);

public sealed record CancelDeal(DateOnly CancelledOn, string Reason, DateTimeOffset Now);

public static class CancelDealDecision
{
    /// <summary>A rumoured or announced deal can fall through; a closed one is done.</summary>
    public static IReadOnlyList<object> Decide(Deal deal, CancelDeal command) => deal.Status switch
    {
        DealStatus.Announced when command.CancelledOn < deal.AnnouncedOn =>
            throw new ConflictException($"The deal cannot be cancelled before it was announced ({deal.AnnouncedOn:yyyy-MM-dd})."),
        DealStatus.Rumoured or DealStatus.Announced => [new DealCancelled(deal.Id, command.CancelledOn, command.Reason, command.Now)],
        DealStatus.Closed => throw new ConflictException($"The deal closed on {deal.ClosedOn:yyyy-MM-dd}; a closed deal is not cancelled."),
        _ => throw new ConflictException($"The deal was already cancelled on {deal.CancelledOn:yyyy-MM-dd}."),
    };
}

internal sealed class CancelDealEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/deals/{id:guid}/cancel", HandleAsync).RequireAuthorization(Policies.MarketWriter)
            .WithIdempotencyKeys()
            .WithName("CancelDeal").Commands<DealView>()
            .WithSummary("A rumoured or announced deal falls through.");
    }

    private static async Task<IResult> HandleAsync(Guid id, CancelDealRequest request, IDocumentSession session, TimeProvider time, HttpContext http)
    {
        var now = time.GetUtcNow();
        var errors = new ValidationErrors()
            .NotFuture("cancelledOn", request.CancelledOn, now)
            .When(string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > DealRules.MaxTextLength, "reason", $"Why it fell through, 1 to {DealRules.MaxTextLength} characters.");
        return !errors.IsEmpty
            ? TypedResults.ValidationProblem(errors.ToDictionary(), title: "The cancellation is not valid.")
            : await DealCommands.Run.ExecuteAsync(id, http, session, deal => CancelDealDecision.Decide(deal, new CancelDeal(request.CancelledOn, request.Reason.Trim(), now)));
    }
}
