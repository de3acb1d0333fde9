using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Deals.ClaimingTerms;

/// <summary>The body of <c>POST /api/deals/{id}/terms</c>: a report of the value, the stake or both, from one source.</summary>
public sealed record ClaimTermsRequest(SourceRequest Source, MoneyRequest? Value = null, decimal? StakePercent = null);

public sealed record ClaimTerms(IReadOnlyList<TermClaim> Claims, DateTimeOffset Now);

public static class ClaimTermsDecision
{
    /// <summary>
    /// Every claim is kept, competing or not, whatever the deal's status: a later report never overwrites an
    /// earlier one, and a cancelled deal's price can still be reported.
    /// </summary>
    public static IReadOnlyList<object> Decide(Deal deal, ClaimTerms command) =>
        [.. command.Claims.Select(claim => new DealTermClaimed(deal.Id, claim, command.Now))];
}

internal sealed class ClaimTermsEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/deals/{id:guid}/terms", HandleAsync).RequireAuthorization(Policies.MarketWriter)
            .WithIdempotencyKeys()
            .WithName("ClaimDealTerms").Commands<DealView>()
            .WithDescription("A later claim never overwrites an earlier one: every claim is kept, and the deal's current value and stake follow one rule (confirmed over reported over rumoured, disputed and retracted never chosen; among equals the newest publication). The example is Scale AI's own statement of Meta's $14.3B for 49 %.")
            .WithRequestExample("""
                {"value":{"amount":14300000000,"currency":"USD"},"stakePercent":49,
                 "source":{"publisher":"Scale AI","publishedOn":"2025-06-12","attribution":"company-statement","status":"confirmed"}}
                """)
            .WithSummary("Add a sourced claim on a deal's value or stake; competing claims are all kept.");
    }

    private static async Task<IResult> HandleAsync(Guid id, ClaimTermsRequest request, IDocumentSession session, TimeProvider time, HttpContext http)
    {
        var now = time.GetUtcNow();
        var errors = new ValidationErrors()
            .When(request.Value is null && request.StakePercent is null, "value", "A claim states a value, a stakePercent or both.")
            .Value("value", request.Value)
            .Stake("stakePercent", request.StakePercent)
            .Source("source", request.Source, now);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The claim is not valid.");
        }

        var command = new ClaimTerms([.. DealRules.Claims(request.Value, request.StakePercent, request.Source, now)], now);
        return await DealCommands.Run.ExecuteAsync(id, http, session, deal => ClaimTermsDecision.Decide(deal, command));
    }
}
