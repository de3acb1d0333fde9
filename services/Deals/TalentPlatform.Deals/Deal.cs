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

public enum DealStatus
{
    Rumoured,
    Announced,
    Closed,
    Cancelled,
}

/// <summary>How sure the market is of a figure; see ARCHITECTURE.md, "Claims".</summary>
public enum ClaimStatus
{
    Rumoured,
    Reported,
    Confirmed,
    Disputed,
    Retracted,
}

/// <summary>An amount in its original currency (ISO 4217), never converted.</summary>
public sealed record Money(decimal Amount, string Currency);

/// <summary>A figure in its original currency together with how sure the market is of it.</summary>
public sealed record ClaimedValue(decimal Amount, string Currency, ClaimStatus Status);

/// <summary>A deal entered the record, as a rumour or as announced by its parties.</summary>
public sealed record DealRecorded(
    Guid DealId,
    DealType Type,
    string Acquirer,
    string Target,
    DealStatus Status,
    DateOnly? AnnouncedOn,
    ClaimedValue? Value,
    DateTimeOffset RecordedAt);

/// <summary>What decisions about a deal need to know; rebuilt from its events.</summary>
public sealed record Deal(Guid Id, DealType Type, string Acquirer, string Target, DealStatus Status, ClaimedValue? Value)
{
    public static Deal Create(DealRecorded recorded) =>
        new(recorded.DealId, recorded.Type, recorded.Acquirer, recorded.Target, recorded.Status, recorded.Value);
}
