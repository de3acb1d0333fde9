namespace TalentPlatform.Deals.Contracts;

// Integration events published by Deals, on the exchanges talent.deals.<kebab-case type name>.
// Versioning: members are only ever added (optional, with a default); a breaking change is a new type
// published beside the old one until every consumer has moved.
// Enumerations travel as their kebab-case names (deal types: acquisition, merger, majority-stake,
// minority-stake, acquihire, licence-and-hire; claim statuses: rumoured, reported, confirmed, disputed,
// retracted), so a consumer never depends on this assembly's enums.

/// <summary>A figure as the deal currently states it, and how sure the market is of it.</summary>
/// <param name="Amount">In the original currency, never converted.</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="ClaimStatus">rumoured, reported, confirmed, disputed or retracted.</param>
public sealed record DealValue(decimal Amount, string Currency, string ClaimStatus);

/// <summary>A deal first recorded as a rumour.</summary>
public sealed record DealRumoured(
    Guid DealId,
    string Type,
    string Acquirer,
    string Target,
    DealValue? Value,
    DateTimeOffset RecordedAt);

/// <summary>A deal announced by its parties: recorded as announced, or a rumoured deal confirmed.</summary>
/// <param name="AnnouncedOn">The day the parties announced it (when it happened).</param>
/// <param name="RecordedAt">When TalentPlatform learned it.</param>
public sealed record DealAnnounced(
    Guid DealId,
    string Type,
    string Acquirer,
    string Target,
    DealValue? Value,
    DateOnly AnnouncedOn,
    DateTimeOffset RecordedAt);
