using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Deals.Announcing;

public sealed record AnnounceDealRequest(DateOnly AnnouncedOn);

public sealed record AnnounceDeal(DateOnly AnnouncedOn, DateTimeOffset Now);

public static class AnnounceDealDecision
{
    /// <summary>Only a rumour is announced: rumoured → announced.</summary>
    public static IReadOnlyList<object> Decide(Deal deal, AnnounceDeal command) => deal.Status switch
    {
        DealStatus.Rumoured => [new DealAnnounced(deal.Id, command.AnnouncedOn, command.Now)],
        DealStatus.Announced => throw new ConflictException($"The deal was already announced on {deal.AnnouncedOn:yyyy-MM-dd}."),
        DealStatus.Closed => throw new ConflictException("The deal is closed; a closed deal was announced before it closed."),
        _ => throw new ConflictException("The deal is cancelled; a cancelled deal is not announced."),
    };
}

internal sealed class AnnounceDealEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/deals/{id:guid}/announce", HandleAsync).RequireAuthorization(Policies.MarketWriter)
            .WithIdempotencyKeys()
            .WithName("AnnounceDeal").Commands<DealView>()
            .WithSummary("A rumoured deal is announced by its parties.");
    }

    private static async Task<IResult> HandleAsync(Guid id, AnnounceDealRequest request, IDocumentSession session, TimeProvider time, HttpContext http)
    {
        var now = time.GetUtcNow();
        var errors = new ValidationErrors().NotFuture("announcedOn", request.AnnouncedOn, now);
        return !errors.IsEmpty
            ? TypedResults.ValidationProblem(errors.ToDictionary(), title: "The announcement is not valid.")
            : await DealCommands.Run.ExecuteAsync(id, http, session, deal => AnnounceDealDecision.Decide(deal, new AnnounceDeal(request.AnnouncedOn, now)));
    }
}
