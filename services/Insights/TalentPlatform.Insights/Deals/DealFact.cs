using Marten.Events.Aggregation;
using TalentPlatform.Deals.Contracts;

namespace TalentPlatform.Insights.Deals;

/// <summary>One deal as Insights knows it, from the deal events it received.</summary>
public sealed class DealFact
{
    public Guid Id { get; set; }

    public string Type { get; set; } = "";

    public string Acquirer { get; set; } = "";

    public string Target { get; set; } = "";

    /// <summary>rumoured or announced.</summary>
    public string Status { get; set; } = "";

    public DateOnly? AnnouncedOn { get; set; }

    /// <summary>The deal's current value in its original currency; null when undisclosed.</summary>
    public decimal? Amount { get; set; }

    public string? Currency { get; set; }

    public string? ClaimStatus { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>
/// Inline: the fact is written in the consumer's transaction, with the event and the MessageId record.
/// Delivery order is not guaranteed, so an announcement that arrives before its rumour stays announced.
/// </summary>
public sealed class DealFactProjection : SingleStreamProjection<DealFact, Guid>
{
    public const string Rumoured = "rumoured";
    public const string Announced = "announced";

    public static DealFact Create(DealRumoured rumoured) => Apply(rumoured, new DealFact());

    public static DealFact Create(DealAnnounced announced) => Apply(announced, new DealFact());

    public static DealFact Apply(DealRumoured rumoured, DealFact fact)
    {
        if (fact.Status == Announced)
        {
            return fact;
        }

        Describe(fact, rumoured.DealId, rumoured.Type, rumoured.Acquirer, rumoured.Target, rumoured.Value, rumoured.RecordedAt);
        fact.Status = Rumoured;
        return fact;
    }

    public static DealFact Apply(DealAnnounced announced, DealFact fact)
    {
        Describe(fact, announced.DealId, announced.Type, announced.Acquirer, announced.Target, announced.Value, announced.RecordedAt);
        fact.Status = Announced;
        fact.AnnouncedOn = announced.AnnouncedOn;
        return fact;
    }

    private static void Describe(DealFact fact, Guid id, string type, string acquirer, string target, DealValue? value, DateTimeOffset recordedAt)
    {
        fact.Id = id;
        fact.Type = type;
        fact.Acquirer = acquirer;
        fact.Target = target;
        fact.Amount = value?.Amount;
        fact.Currency = value?.Currency;
        fact.ClaimStatus = value?.ClaimStatus;
        fact.RecordedAt = recordedAt;
    }
}
