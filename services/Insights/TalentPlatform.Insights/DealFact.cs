using Marten.Events.Aggregation;
using TalentPlatform.Deals.Contracts;

namespace TalentPlatform.Insights;

/// <summary>One deal as Insights knows it: the newest snapshot Deals published of it.</summary>
public sealed class DealFact
{
    public Guid Id { get; set; }

    /// <summary>The deal's version in Deals that this fact reflects.</summary>
    public long DealVersion { get; set; }

    public string Type { get; set; } = "";

    public string Acquirer { get; set; } = "";

    public string Target { get; set; } = "";

    /// <summary>rumoured, announced, closed or cancelled.</summary>
    public string Status { get; set; } = "";

    public DateOnly? AnnouncedOn { get; set; }

    public DateOnly? ClosedOn { get; set; }

    /// <summary>The deal's current value in its original currency; null when undisclosed.</summary>
    public decimal? Amount { get; set; }

    public string? Currency { get; set; }

    public string? ClaimStatus { get; set; }

    public decimal? StakePercent { get; set; }

    public List<DealTalent> Talent { get; set; } = [];

    /// <summary>Every claim on the deal's terms, with its source (from deals published with v1.1 snapshots).</summary>
    public List<DealClaim> Claims { get; set; } = [];

    public DateTimeOffset RecordedAt { get; set; }
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
        fact.Status = deal.Status;
        fact.AnnouncedOn = deal.AnnouncedOn;
        fact.ClosedOn = deal.ClosedOn;
        fact.Amount = deal.Value?.Amount;
        fact.Currency = deal.Value?.Currency;
        fact.ClaimStatus = deal.Value?.ClaimStatus;
        fact.StakePercent = deal.Stake?.Percent;
        fact.Claims = [.. deal.Claims ?? []];
        fact.RecordedAt = recordedAt;
        return fact;
    }
}
