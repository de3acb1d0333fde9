using TalentPlatform.Vocabulary;

namespace TalentPlatform.Insights.ComparingDeals;

/// <summary>A deal's claims in the shared words of <see cref="ImpliedValuation"/>: only those whose every word Insights knows.</summary>
internal static class DealClaims
{
    public static IEnumerable<ClaimedValue> Values(DealVersion deal) => deal.Claims
        .Where(claim => claim is { Term: DealTerm.Value, Amount: not null, Currency: not null, ClaimStatus: not null })
        .Select(claim => new ClaimedValue(claim.Id, new Money(claim.Amount!.Value, claim.Currency!), claim.ClaimStatus!.Value, SourceOf(claim)));

    public static IEnumerable<ClaimedStake> Stakes(DealVersion deal) => deal.Claims
        .Where(claim => claim is { Term: DealTerm.Stake, StakePercent: not null, ClaimStatus: not null })
        .Select(claim => new ClaimedStake(claim.Id, claim.StakePercent!.Value, claim.ClaimStatus!.Value, SourceOf(claim)));

    /// <summary>
    /// The deal's implied valuation; its current figure is the pair of claims that state the deal's current value and
    /// stake (Deals chose them by <see cref="CurrentClaim"/> and published the figures, not the claims' ids).
    /// </summary>
    public static ImpliedValuation? ImpliedValuationOf(DealVersion deal)
    {
        var values = Values(deal).ToList();
        var stakes = Stakes(deal).ToList();
        var currentValue = values.LastOrDefault(value => value.Value.Amount == deal.Amount && value.Value.Currency == deal.Currency && value.ClaimStatus == deal.ClaimStatus);
        var currentStake = stakes.LastOrDefault(stake => stake.Percent == deal.StakePercent);
        return ImpliedValuation.Of(values, stakes, currentValue?.ClaimId, currentStake?.ClaimId);
    }

    private static Source? SourceOf(TermClaim claim) =>
        claim is { Publisher: not null, PublishedOn: not null, Attribution: not null, ClaimStatus: not null }
            ? new Source(claim.Publisher, claim.Url, claim.PublishedOn.Value, claim.Attribution.Value, claim.ClaimStatus.Value)
            : null;
}
