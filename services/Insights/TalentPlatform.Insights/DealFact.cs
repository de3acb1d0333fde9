using Marten.Events.Aggregation;
using TalentPlatform.Deals.Contracts;

namespace TalentPlatform.Insights;

/// <summary>One report of one term, as Deals published it; null where it named a word Insights does not know.</summary>
public sealed record TermClaim(
    Guid Id,
    DealTerm? Term,
    decimal? Amount,
    string? Currency,
    decimal? StakePercent,
    ClaimStatus? ClaimStatus,
    string? Publisher,
    Uri? Url,
    DateOnly? PublishedOn,
    Attribution? Attribution)
{
    public static TermClaim From(DealClaim claim) => new(
        claim.Id,
        ContractWords.Read<DealTerm>(claim.Term),
        claim.Amount,
        claim.Currency,
        claim.StakePercent,
        ContractWords.Read<ClaimStatus>(claim.ClaimStatus),
        claim.Publisher,
        claim.Url,
        claim.PublishedOn,
        ContractWords.Read<Attribution>(claim.Attribution));
}

/// <summary>One deal as Insights knows it: the newest snapshot Deals published of it.</summary>
public sealed class DealFact
{
    public Guid Id { get; set; }

    /// <summary>The deal's version in Deals that this fact reflects.</summary>
    public long DealVersion { get; set; }

    public string Type { get; set; } = "";

    public string Acquirer { get; set; } = "";

    public string Target { get; set; } = "";

    /// <summary>Null until a snapshot arrives, or when it names a status Insights does not know.</summary>
    public DealStatus? Status { get; set; }

    public DateOnly? AnnouncedOn { get; set; }

    public DateOnly? ClosedOn { get; set; }

    /// <summary>The deal's current value in its original currency; null when undisclosed.</summary>
    public decimal? Amount { get; set; }

    public string? Currency { get; set; }

    /// <summary>How sure the market is of <see cref="Amount"/>; null when undisclosed.</summary>
    public ClaimStatus? ClaimStatus { get; set; }

    public decimal? StakePercent { get; set; }

    public List<DealTalent> Talent { get; set; } = [];

    /// <summary>Every claim on the deal's terms, with its source (from deals published with v1.1 snapshots).</summary>
    public List<TermClaim> Claims { get; set; } = [];

    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>Announced, or closed since: the deals the answers count.</summary>
    public bool WasAnnounced() => Status is DealStatus.Announced or DealStatus.Closed;
}

/// <summary>
/// Inline: the fact is written in the consumer's transaction, with the event and the MessageId record.
/// Every message carries the whole deal with its version in Deals, so the newest version wins whatever
/// order the messages arrive in.
/// </summary>
public sealed class DealFactProjection : SingleStreamProjection<DealFact, Guid>
{
    public static DealFact Create(DealRumoured e) => Apply(e, new DealFact());

    public static DealFact Create(DealAnnounced e) => Apply(e, new DealFact());

    public static DealFact Create(DealTermsChanged e) => Apply(e, new DealFact());

    public static DealFact Create(DealClosed e) => Apply(e, new DealFact());

    public static DealFact Create(DealCancelled e) => Apply(e, new DealFact());

    public static DealFact Create(TalentAttachedToDeal e) => Apply(e, new DealFact());

    public static DealFact Apply(DealRumoured e, DealFact fact) => Newest(fact, e.Deal, e.RecordedAt);

    public static DealFact Apply(DealAnnounced e, DealFact fact) => Newest(fact, e.Deal, e.RecordedAt);

    public static DealFact Apply(DealTermsChanged e, DealFact fact) => Newest(fact, e.Deal, e.RecordedAt);

    public static DealFact Apply(DealClosed e, DealFact fact) => Newest(fact, e.Deal, e.RecordedAt);

    public static DealFact Apply(DealCancelled e, DealFact fact) => Newest(fact, e.Deal, e.RecordedAt);

    public static DealFact Apply(TalentAttachedToDeal e, DealFact fact)
    {
        if (fact.Talent.All(talent => talent.Id != e.Talent.Id))
        {
            fact.Talent = [.. fact.Talent.Append(e.Talent).OrderBy(talent => talent.Id)];
        }

        return Newest(fact, e.Deal, e.RecordedAt);
    }

    private static DealFact Newest(DealFact fact, DealSnapshot deal, DateTimeOffset recordedAt)
    {
        if (deal.Version <= fact.DealVersion)
        {
            return fact;
        }

        fact.Id = deal.Id;
        fact.DealVersion = deal.Version;
        fact.Type = deal.Type;
        fact.Acquirer = deal.Acquirer;
        fact.Target = deal.Target;
        fact.Status = ContractWords.Read<DealStatus>(deal.Status);
        fact.AnnouncedOn = deal.AnnouncedOn;
        fact.ClosedOn = deal.ClosedOn;
        fact.Amount = deal.Value?.Amount;
        fact.Currency = deal.Value?.Currency;
        fact.ClaimStatus = ContractWords.Read<ClaimStatus>(deal.Value?.ClaimStatus);
        fact.StakePercent = deal.Stake?.Percent;
        fact.Claims = [.. (deal.Claims ?? []).Select(TermClaim.From)];
        fact.RecordedAt = recordedAt;
        return fact;
    }
}
