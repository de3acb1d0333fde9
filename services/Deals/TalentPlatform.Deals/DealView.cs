namespace TalentPlatform.Deals;

/// <summary>The figure a term currently rests on (see <see cref="Deal.Current"/>), with the claim behind it.</summary>
public sealed record CurrentValue(decimal Amount, string Currency, ClaimStatus ClaimStatus, Guid ClaimId);

public sealed record CurrentStake(decimal Percent, ClaimStatus ClaimStatus, Guid ClaimId);

/// <summary>A deal as the API shows it: its state, the current terms by the documented rule, every claim.</summary>
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
            deal.Claims,
            deal.Talent,
            deal.RecordedAt,
            deal.UpdatedAt,
            version);
    }
}
