using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Compensation.RecordingOutcome;

public sealed record RecordOutcomeRequest(OfferOutcome Outcome, SourceRequest Source);

/// <summary>The request as the client stated it, with the claim's id and the time made at the edge.</summary>
public sealed record RecordOutcome(Guid ClaimId, RecordOutcomeRequest Request, DateTimeOffset Now);

public static class RecordOutcomeDecision
{
    /// <summary>Every outcome report is kept, competing or not; the same report twice is a conflict.</summary>
    public static IReadOnlyList<object> Decide(Offer offer, RecordOutcome command)
    {
        var claim = new OutcomeClaim(command.ClaimId, command.Request.Outcome, command.Request.Source.ToSource(), command.Now);
        return offer.Outcomes.Any(existing => existing.Outcome == claim.Outcome && existing.Source == claim.Source)
            ? throw new ConflictException($"{claim.Source.Publisher} already reported this offer as {WireNames.Of(claim.Outcome)} on {claim.Source.PublishedOn:yyyy-MM-dd}.")
            : [new OfferOutcomeReported(offer.Id, claim, command.Now)];
    }
}

internal sealed class RecordOutcomeEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/compensation/offers/{id:guid}/outcome", HandleAsync).RequireAuthorization(Policies.MarketWriter).WithIdempotencyKeys().WithName("RecordOfferOutcome").Commands<Offer>().WithTags(ApiTags.Offers)
            .WithSummary("Report how an offer ended; conflicting reports are kept as competing claims.");
    }

    private static async Task<IResult> HandleAsync(Guid id, RecordOutcomeRequest request, IDocumentSession session, TimeProvider time, HttpContext http)
    {
        var now = time.GetUtcNow();
        var errors = new ValidationErrors().Source("source", request.Source, now);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The outcome is not valid.");
        }

        var command = new RecordOutcome(Guid.CreateVersion7(now), request, now);
        return await OfferCommands.Run.ExecuteAsync(id, http, session, offer => RecordOutcomeDecision.Decide(offer, command));
    }
}
