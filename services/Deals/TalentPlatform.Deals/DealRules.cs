
namespace TalentPlatform.Deals;

/// <summary>Field rules shared by every deal command.</summary>
internal static class DealRules
{
    public const int MaxTextLength = 500;

    public static ValidationErrors Value(this ValidationErrors errors, string field, MoneyRequest? value) => value is null
        ? errors
        : errors
            .When(value.Amount <= 0, $"{field}.amount", "The amount must be greater than zero.")
            .When(value.Amount > 100_000_000_000_000m, $"{field}.amount", "The amount is not plausible for a deal.")
            .When(!CurrencyCodes.IsActive(value.Currency), $"{field}.currency", "An active ISO 4217 currency code, such as USD.");

    public static ValidationErrors Stake(this ValidationErrors errors, string field, decimal? stakePercent) =>
        errors.When(stakePercent is <= 0 or > 100, field, "A percentage greater than 0 and at most 100.");

    /// <summary>The claims a request makes about the value and the stake, each with the request's source.</summary>
    public static IEnumerable<TermClaim> Claims(MoneyRequest? value, decimal? stakePercent, SourceRequest? source, DateTimeOffset now)
    {
        if (value is not null)
        {
            yield return new TermClaim(Guid.CreateVersion7(now), DealTerm.Value, new Money(value.Amount, value.Currency), null, source?.ToSource(), now);
        }

        if (stakePercent is not null)
        {
            yield return new TermClaim(Guid.CreateVersion7(now), DealTerm.Stake, null, stakePercent, source?.ToSource(), now);
        }
    }
}
