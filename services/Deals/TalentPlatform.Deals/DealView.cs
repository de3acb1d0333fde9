namespace TalentPlatform.Deals;

/// <summary>The figure a term currently rests on (see <see cref="Deal.Current"/>), with the claim behind it.</summary>
public sealed record CurrentValue(decimal Amount, string Currency, ClaimStatus ClaimStatus, Guid ClaimId);

public sealed record CurrentStake(decimal Percent, ClaimStatus ClaimStatus, Guid ClaimId);

/// <summary>
/// A deal as the API shows it: its state, the current terms by the documented rule, every claim, and — when it states
/// both a value and a stake — the valuation of the whole target they imply (<see cref="Vocabulary.Claims.ImpliedValuation"/>).
/// </summary>
public sealed record DealView(
    Guid Id,
    DealType Type,
    string Acquirer,
    string Target,
    DealStatus Status,
    DateOnly? AnnouncedOn,
    DateOnly? ClosedOn,
    DateOnly? CancelledOn,
    string? CancellationReason,
    CurrentValue? Value,
    CurrentStake? Stake,
    ImpliedValuation? ImpliedValuation,
    IReadOnlyList<TermClaim> Claims,
    IReadOnlyList<AttachedTalent> Talent,
    DateTimeOffset RecordedAt,
    DateTimeOffset UpdatedAt,
    long Version)
{
    public static DealView From(Deal deal, long version)
    {
        var value = deal.Current(DealTerm.Value);
        var stake = deal.Current(DealTerm.Stake);
        return new DealView(
            deal.Id,
            deal.Type,
            deal.Acquirer,
            deal.Target,
            deal.Status,
            deal.AnnouncedOn,
            deal.ClosedOn,
            deal.CancelledOn,
            deal.CancellationReason,
            value?.Value is { } money ? new CurrentValue(money.Amount, money.Currency, value.Status, value.ClaimId) : null,
            stake?.StakePercent is { } percent ? new CurrentStake(percent, stake.Status, stake.ClaimId) : null,
            ImpliedValuation.Of(
                deal.Claims.Where(claim => claim.Term == DealTerm.Value && claim.Value is not null).Select(claim => new ClaimedValue(claim.ClaimId, claim.Value!, claim.Status, claim.Source)),
                deal.Claims.Where(claim => claim.Term == DealTerm.Stake && claim.StakePercent is not null).Select(claim => new ClaimedStake(claim.ClaimId, claim.StakePercent!.Value, claim.Status, claim.Source)),
                value?.ClaimId,
                stake?.ClaimId),
            deal.Claims,
            deal.Talent,
            deal.RecordedAt,
            deal.UpdatedAt,
            version);
    }
}
