using TalentPlatform.ServiceDefaults.Validation;

namespace TalentPlatform.Deals;

/// <summary>An amount as a request states it.</summary>
public sealed record MoneyRequest(decimal Amount, string Currency);

/// <summary>A source as a request states it: <c>{"publisher","url","publishedOn","attribution","status"}</c>.</summary>
public sealed record SourceRequest(string Publisher, DateOnly PublishedOn, Attribution Attribution, ClaimStatus Status, Uri? Url = null);

/// <summary>Field rules shared by every deal command.</summary>
internal static class DealRules
{
    public const int MaxTextLength = 500;

    /// <summary>"Today" is today somewhere on Earth: the latest calendar day of any time zone (UTC+14).</summary>
    public static DateOnly LatestToday(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime.AddHours(14));

    public static ValidationErrors Date(this ValidationErrors errors, string field, DateOnly? date, DateTimeOffset now) =>
        errors.When(date > LatestToday(now), field, "The date is in the future.");

    public static ValidationErrors Value(this ValidationErrors errors, string field, MoneyRequest? value) => value is null
        ? errors
        : errors
            .When(value.Amount <= 0, $"{field}.amount", "The amount must be greater than zero.")
            .When(value.Amount > 100_000_000_000_000m, $"{field}.amount", "The amount is not plausible for a deal.")
            .When(!CurrencyCodes.IsActive(value.Currency), $"{field}.currency", "An active ISO 4217 currency code, such as USD.");

    public static ValidationErrors Stake(this ValidationErrors errors, string field, decimal? stakePercent) =>
        errors.When(stakePercent is <= 0 or > 100, field, "A percentage greater than 0 and at most 100.");

    public static ValidationErrors Source(this ValidationErrors errors, string field, SourceRequest? source, DateTimeOffset now)
    {
        if (source is null)
        {
            return errors;
        }

        return errors
            .When(string.IsNullOrWhiteSpace(source.Publisher) || source.Publisher.Length > 200, $"{field}.publisher", "The publisher's name, 1 to 200 characters.")
            .When(source.Url is not null && (!source.Url.IsAbsoluteUri || source.Url.Scheme is not ("http" or "https")), $"{field}.url", "An absolute http or https address.")
            .Date($"{field}.publishedOn", source.PublishedOn, now);
    }

    public static Source? ToSource(this SourceRequest? source) =>
        source is null ? null : new Source(source.Publisher.Trim(), source.Url, source.PublishedOn, source.Attribution, source.Status);

    /// <summary>The claims a request makes about the value and the stake, each with the request's source.</summary>
    public static IEnumerable<TermClaim> Claims(MoneyRequest? value, decimal? stakePercent, SourceRequest? source, DateTimeOffset now)
    {
        if (value is not null)
        {
            yield return new TermClaim(Guid.CreateVersion7(now), DealTerm.Value, new Money(value.Amount, value.Currency), null, source.ToSource(), now);
        }

        if (stakePercent is not null)
        {
            yield return new TermClaim(Guid.CreateVersion7(now), DealTerm.Stake, null, stakePercent, source.ToSource(), now);
        }
    }
}
