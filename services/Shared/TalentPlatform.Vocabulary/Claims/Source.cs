using TalentPlatform.Vocabulary.Validation;

namespace TalentPlatform.Vocabulary.Claims;

// Every figure, count or date taken from the outside world is a claim: a value with its source and
// how sure the market is of it (ARCHITECTURE.md, "Claims"). Each service records its own claims;
// these are the shared words for them.

/// <summary>How sure the market is of a claim.</summary>
public enum ClaimStatus
{
    Rumoured,
    Reported,
    Confirmed,
    Disputed,
    Retracted,
}

/// <summary>Who stands behind a claim.</summary>
public enum Attribution
{
    CompanyStatement,
    NamedPerson,
    AnonymousSource,
    Estimate,
}

/// <summary>Where a claim comes from and how sure the market is of it.</summary>
public sealed record Source(string Publisher, Uri? Url, DateOnly PublishedOn, Attribution Attribution, ClaimStatus Status);

/// <summary>A source as a request states it: <c>{"publisher","url","publishedOn","attribution","status"}</c>.</summary>
public sealed record SourceRequest(string Publisher, DateOnly PublishedOn, Attribution Attribution, ClaimStatus Status, Uri? Url = null)
{
    public Source ToSource() => new(Publisher.Trim(), Url, PublishedOn, Attribution, Status);
}

public static class SourceRules
{
    public const int MaxPublisherLength = 200;

    /// <summary>"Today" is today somewhere on Earth: the latest calendar day of any time zone (UTC+14).</summary>
    public static DateOnly LatestToday(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime.AddHours(14));

    public static ValidationErrors NotFuture(this ValidationErrors errors, string field, DateOnly? date, DateTimeOffset now) =>
        errors.When(date > LatestToday(now), field, "The date is in the future.");

    public static ValidationErrors Source(this ValidationErrors errors, string field, SourceRequest? source, DateTimeOffset now) => source is null
        ? errors
        : errors
            .When(string.IsNullOrWhiteSpace(source.Publisher) || source.Publisher.Length > MaxPublisherLength, $"{field}.publisher", $"The publisher's name, 1 to {MaxPublisherLength} characters.")
            .When(
                source.Url is not null && (!source.Url.IsAbsoluteUri || source.Url.Scheme is not ("http" or "https") || !Text.IsAllowed(source.Url.OriginalString)),
                $"{field}.url",
                "An absolute http or https address, without control characters.")
            .NotFuture($"{field}.publishedOn", source.PublishedOn, now);
}
