namespace TalentPlatform.Vocabulary.Claims;

/// <summary>A value claimed for a deal, with its source (null when the claim was recorded without one).</summary>
public sealed record ClaimedValue(Guid ClaimId, Money Value, ClaimStatus ClaimStatus, Source? Source);

/// <summary>A stake claimed for a deal, in percent of the target, with its source.</summary>
public sealed record ClaimedStake(Guid ClaimId, decimal Percent, ClaimStatus ClaimStatus, Source? Source);

/// <summary>What the whole target is worth at the price one value claim says was paid for the stake another claims.</summary>
/// <param name="Value">value ÷ (stake ÷ 100), in the value's currency, to the whole unit.</param>
/// <param name="ClaimStatus">The weaker of the two claims' statuses: a figure is only as sure as its least sure part.</param>
public sealed record ImpliedValue(Money Value, ClaimStatus ClaimStatus, ClaimedValue FromValue, ClaimedStake FromStake);

/// <summary>
/// A deal's implied valuation: one figure per pair of a value claim and a stake claim, and the one the current value
/// and the current stake give (the claims the platform chose by <see cref="CurrentClaim"/>).
/// </summary>
public sealed record ImpliedValuation(string Rule, ImpliedValue? Current, IReadOnlyList<ImpliedValue> Pairs)
{
    public const string RuleText =
        "value ÷ (stake ÷ 100): what the whole target is worth at the price paid for the stake. One figure per pair of a value claim " +
        "and a stake claim (disputed and retracted claims left out), each as sure as the weaker of its two claims; current pairs the " +
        "current value with the current stake.";

    /// <summary>
    /// The implied valuation of a deal's claims, or null when it states no usable value or no usable stake. A stake of
    /// 100 % implies the value itself and is kept; a stake of 0 (never accepted by Deals) implies nothing and is left out.
    /// </summary>
    public static ImpliedValuation? Of(IEnumerable<ClaimedValue> values, IEnumerable<ClaimedStake> stakes, Guid? currentValue, Guid? currentStake)
    {
        var usableValues = values.Where(value => Usable(value.ClaimStatus)).ToList();
        var usableStakes = stakes.Where(stake => Usable(stake.ClaimStatus) && stake.Percent is > 0 and <= 100).ToList();
        var pairs = usableValues
            .SelectMany(value => usableStakes.Select(stake => Imply(value, stake)))
            .OrderByDescending(pair => CurrentClaim.Strength(pair.ClaimStatus))
            .ThenBy(pair => pair.Value.Currency, StringComparer.Ordinal)
            .ThenBy(pair => pair.Value.Amount)
            .ToList();
        if (pairs.Count == 0)
        {
            return null;
        }

        var current = pairs.FirstOrDefault(pair => pair.FromValue.ClaimId == currentValue && pair.FromStake.ClaimId == currentStake);
        return new ImpliedValuation(RuleText, current, pairs);
    }

    private static ImpliedValue Imply(ClaimedValue value, ClaimedStake stake) => new(
        new Money(Math.Round(value.Value.Amount * 100m / stake.Percent, 0, MidpointRounding.AwayFromZero), value.Value.Currency),
        CurrentClaim.Strength(value.ClaimStatus) <= CurrentClaim.Strength(stake.ClaimStatus) ? value.ClaimStatus : stake.ClaimStatus,
        value,
        stake);

    private static bool Usable(ClaimStatus status) => CurrentClaim.Strength(status) > 0;
}
