using System.Collections.Immutable;

namespace TalentPlatform.Deals;

public enum DealType
{
    Acquisition,
    Merger,
    MajorityStake,
    MinorityStake,
    Acquihire,
    LicenceAndHire,
}

/// <summary>
/// One report of one term. A later report never overwrites an earlier one: competing claims are all
/// kept, and the deal states its current figure by <see cref="Deal.Current"/>. A figure recorded
/// without a source is taken as reported.
/// </summary>
public sealed record TermClaim(Guid ClaimId, DealTerm Term, Money? Value, decimal? StakePercent, Source? Source, DateTimeOffset RecordedAt)
{
    public ClaimStatus Status => Source?.Status ?? ClaimStatus.Reported;
}

/// <summary>A person who came with the deal: a People id, or a name while People has none.</summary>
public sealed record AttachedTalent(Guid TalentId, Guid? PersonId, string? Name, string Role, DateTimeOffset RecordedAt);

// Events: what happened to a deal, in the past tense, the deal id first and when it was recorded last.

/// <summary>A deal entered the record, as a rumour or as announced, with the terms first reported.</summary>
public sealed record DealRecorded(
    Guid DealId,
    DealType Type,
    string Acquirer,
    string Target,
    DealStatus Status,
    DateOnly? AnnouncedOn,
    ImmutableArray<TermClaim> Claims,
    DateTimeOffset RecordedAt);

public sealed record DealTermClaimed(Guid DealId, TermClaim Claim, DateTimeOffset RecordedAt);

public sealed record DealAnnounced(Guid DealId, DateOnly AnnouncedOn, DateTimeOffset RecordedAt);

public sealed record DealClosed(Guid DealId, DateOnly ClosedOn, DateTimeOffset RecordedAt);

public sealed record DealCancelled(Guid DealId, DateOnly CancelledOn, string Reason, DateTimeOffset RecordedAt);

public sealed record TalentAttachedToDeal(Guid DealId, AttachedTalent Talent, DateTimeOffset RecordedAt);

/// <summary>A deal as its events make it: what decisions read and what clients are shown.</summary>
public sealed record Deal(
    Guid Id,
    DealType Type,
    string Acquirer,
    string Target,
    DealStatus Status,
    DateOnly? AnnouncedOn,
    DateOnly? ClosedOn,
    DateOnly? CancelledOn,
    string? CancellationReason,
    ImmutableArray<TermClaim> Claims,
    ImmutableArray<AttachedTalent> Talent,
    DateTimeOffset RecordedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The stream version this state was built to; Marten sets it on the inline snapshot.</summary>
    public long Version { get; set; }

    public static Deal Create(DealRecorded recorded) => new(
        recorded.DealId,
        recorded.Type,
        recorded.Acquirer,
        recorded.Target,
        recorded.Status,
        recorded.AnnouncedOn,
        ClosedOn: null,
        CancelledOn: null,
        CancellationReason: null,
        recorded.Claims,
        Talent: [],
        recorded.RecordedAt,
        recorded.RecordedAt);

    public Deal Apply(DealTermClaimed claimed) => this with { Claims = Claims.Add(claimed.Claim), UpdatedAt = claimed.RecordedAt };

    public Deal Apply(DealAnnounced announced) =>
        this with { Status = DealStatus.Announced, AnnouncedOn = announced.AnnouncedOn, UpdatedAt = announced.RecordedAt };

    public Deal Apply(DealClosed closed) => this with { Status = DealStatus.Closed, ClosedOn = closed.ClosedOn, UpdatedAt = closed.RecordedAt };

    public Deal Apply(DealCancelled cancelled) => this with
    {
        Status = DealStatus.Cancelled,
        CancelledOn = cancelled.CancelledOn,
        CancellationReason = cancelled.Reason,
        UpdatedAt = cancelled.RecordedAt,
    };

    public Deal Apply(TalentAttachedToDeal attached) => this with { Talent = Talent.Add(attached.Talent), UpdatedAt = attached.RecordedAt };

    /// <summary>Folds one event into the state (null before the deal was recorded).</summary>
    public static Deal? Fold(Deal? deal, object @event) => (deal, @event) switch
    {
        (null, DealRecorded recorded) => Create(recorded),
        (not null, DealTermClaimed claimed) => deal.Apply(claimed),
        (not null, DealAnnounced announced) => deal.Apply(announced),
        (not null, DealClosed closed) => deal.Apply(closed),
        (not null, DealCancelled cancelled) => deal.Apply(cancelled),
        (not null, TalentAttachedToDeal attached) => deal.Apply(attached),
        _ => deal,
    };

    /// <summary>The claim a term currently rests on, by the platform's rule (<see cref="CurrentClaim"/>).</summary>
    public TermClaim? Current(DealTerm term) => CurrentClaim.Of(
        Claims.Where(claim => claim.Term == term),
        claim => claim.Status,
        claim => claim.Source?.PublishedOn ?? DateOnly.FromDateTime(claim.RecordedAt.UtcDateTime),
        claim => claim.RecordedAt);
}
