namespace TalentPlatform.Deals.Contracts;

// Integration events published by Deals, version 1. See docs/integration-events.md for exchanges,
// the envelope, binding a queue and the versioning policy. Enumerations travel as kebab-case
// strings, so a consumer never depends on Deals' own enums.

/// <summary>A figure as the deal currently states it, and how sure the market is of it.</summary>
/// <param name="Amount">In the original currency, never converted.</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="ClaimStatus">rumoured, reported or confirmed (disputed and retracted claims are never current).</param>
public sealed record DealValue(decimal Amount, string Currency, string ClaimStatus);

/// <summary>The share the acquirer takes, as currently claimed.</summary>
public sealed record DealStake(decimal Percent, string ClaimStatus);

/// <summary>The deal as it stood right after the event, so a consumer needs no history to read one.</summary>
/// <param name="Version">The deal's version in Deals: of two messages about one deal, the higher is the newer.</param>
/// <param name="Type">acquisition, merger, majority-stake, minority-stake, acquihire or licence-and-hire.</param>
/// <param name="Acquirer">Organization slug.</param>
/// <param name="Target">Organization slug.</param>
/// <param name="Status">rumoured, announced, closed or cancelled.</param>
/// <param name="Claims">Every claim on the deal's terms so far, with its source (added in v1.1; null from older publishers).</param>
public sealed record DealSnapshot(
    Guid Id,
    long Version,
    string Type,
    string Acquirer,
    string Target,
    string Status,
    DateOnly? AnnouncedOn,
    DateOnly? ClosedOn,
    DealValue? Value,
    DealStake? Stake,
    IReadOnlyList<DealClaim>? Claims = null);

/// <summary>One report of one term, as it was added.</summary>
/// <param name="Term">value or stake.</param>
/// <param name="Attribution">company-statement, named-person, anonymous-source or estimate; null when unsourced.</param>
public sealed record DealClaim(
    Guid Id,
    string Term,
    decimal? Amount,
    string? Currency,
    decimal? StakePercent,
    string ClaimStatus,
    string? Publisher,
    Uri? Url,
    DateOnly? PublishedOn,
    string? Attribution);

/// <summary>A person who came with the deal.</summary>
public sealed record DealTalent(Guid Id, Guid? PersonId, string? Name, string Role);

// Every event: the deal after it, the day it happened (OccurredOn) and when Deals recorded it.

/// <summary>A deal first recorded as a rumour.</summary>
public sealed record DealRumoured(DealSnapshot Deal, DateOnly OccurredOn, DateTimeOffset RecordedAt);

/// <summary>A deal announced by its parties: recorded as announced, or a rumour confirmed.</summary>
public sealed record DealAnnounced(DealSnapshot Deal, DateOnly OccurredOn, DateTimeOffset RecordedAt);

/// <summary>A new claim on a term; <see cref="DealSnapshot.Value"/> shows whether it changed the current figure.</summary>
public sealed record DealTermsChanged(DealSnapshot Deal, DealClaim Claim, DateOnly OccurredOn, DateTimeOffset RecordedAt);

public sealed record DealClosed(DealSnapshot Deal, DateOnly OccurredOn, DateTimeOffset RecordedAt);

public sealed record DealCancelled(DealSnapshot Deal, string Reason, DateOnly OccurredOn, DateTimeOffset RecordedAt);

public sealed record TalentAttachedToDeal(DealSnapshot Deal, DealTalent Talent, DateOnly OccurredOn, DateTimeOffset RecordedAt);
