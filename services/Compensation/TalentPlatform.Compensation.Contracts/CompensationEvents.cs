namespace TalentPlatform.Compensation.Contracts;

// Integration events published by Compensation, version 1. Amounts are in their original currency and
// period, never converted or annualised here. Enumerations travel as kebab-case strings.

/// <summary>One pay component as reported: an amount (point, average, median) or a band (range).</summary>
public sealed record PayFigure(decimal? Amount, decimal? Min, decimal? Max);

/// <summary>Each component is optional; at least one is present.</summary>
public sealed record PayComponents(PayFigure? Base, PayFigure? Bonus, PayFigure? EquityPerYear, PayFigure? SignOn);

/// <param name="Attribution">company-statement, named-person, anonymous-source or estimate.</param>
/// <param name="ClaimStatus">rumoured, reported, confirmed, disputed or retracted.</param>
public sealed record PaySource(string Publisher, Uri? Url, DateOnly PublishedOn, string Attribution, string ClaimStatus);

/// <summary>A market pay observation (on talent.compensation.compensation-observed).</summary>
/// <param name="Level">intern, junior, mid, senior, staff, principal, director or executive; null when not reported.</param>
/// <param name="Country">ISO 3166-1 alpha-2.</param>
/// <param name="Period">annual, monthly, hourly or one-off.</param>
/// <param name="Kind">point, average, median or range.</param>
public sealed record CompensationObserved(
    Guid ObservationId,
    string Role,
    string? Level,
    string? Country,
    string? City,
    string? Organization,
    string Currency,
    string Period,
    string Kind,
    PayComponents Components,
    int? SampleSize,
    DateOnly ObservedOn,
    PaySource Source,
    DateTimeOffset RecordedAt);

/// <summary>
/// Market pay observations recorded together (on talent.compensation.compensation-observed-in-bulk): a chunk of an
/// import or a batch, up to <see cref="MaxReports"/> a message. Each report is exactly what
/// <see cref="CompensationObserved"/> would carry, and is published once, here or there, never both: a subscriber
/// that wants every market report takes both contracts.
/// </summary>
/// <param name="ImportId">The import the reports came in, or null for a batch request.</param>
public sealed record CompensationObservedInBulk(string? ImportId, IReadOnlyList<CompensationObserved> Reports)
{
    /// <summary>The most reports one message carries (about 0.5 MB of JSON).</summary>
    public const int MaxReports = 1_000;
}

/// <summary>Who an offer was made to: a person (People id or name) or a described group ("OpenAI staff").</summary>
public sealed record OfferCandidate(Guid? PersonId, string? Name, string? Group);

/// <summary>One year of a multi-year package.</summary>
public sealed record PackageYear(int Year, decimal Amount);

/// <param name="UpTo">True when the figures are maximums ("signing bonuses of up to $100M").</param>
public sealed record OfferPackage(decimal? SignOn, decimal? Base, decimal? Total, IReadOnlyList<PackageYear> Schedule, bool UpTo);

/// <summary>An offer (on talent.compensation.offer-extended); an offer is not a move.</summary>
public sealed record OfferExtended(
    Guid OfferId,
    string Organization,
    OfferCandidate Candidate,
    OfferPackage Package,
    string Currency,
    DateOnly ExtendedOn,
    PaySource Source,
    DateTimeOffset RecordedAt);

/// <summary>A report of an offer's outcome; competing reports are all published.</summary>
/// <param name="Outcome">accepted, declined or withdrawn.</param>
/// <param name="CurrentOutcome">The outcome the offer now rests on by the claims rule, or null when none qualifies.</param>
public sealed record OfferOutcomeRecorded(
    Guid OfferId,
    Guid ClaimId,
    string Outcome,
    PaySource Source,
    string? CurrentOutcome,
    DateTimeOffset RecordedAt);

/// <summary>
/// A tenant's private pay row. Never published on an exchange: sent to <see cref="Queue"/> only, which
/// Insights alone consumes, to build aggregates no smaller than k rows.
/// </summary>
public sealed record CompensationSubmitted(
    Guid SubmissionId,
    string Tenant,
    string Role,
    string? Level,
    string Country,
    string? City,
    string Currency,
    string Period,
    PayComponents Components,
    DateOnly EffectiveOn,
    DateTimeOffset RecordedAt)
{
    /// <summary>The one queue tenant rows go to (after the environment's entity prefix).</summary>
    public const string Queue = "insights.compensation-submissions";
}
