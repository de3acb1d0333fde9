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

    public DealValue? Value { get; set; }

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

    public static DealFact Create(DealRumoured rumoured) => new()
    {
        Id = rumoured.DealId,
        Type = rumoured.Type,
        Acquirer = rumoured.Acquirer,
        Target = rumoured.Target,
        Status = Rumoured,
        Value = rumoured.Value,
        RecordedAt = rumoured.RecordedAt,
    };

    public static DealFact Create(DealAnnounced announced) => Apply(announced, new DealFact());

    public static DealFact Apply(DealRumoured rumoured, DealFact fact) =>
        fact.Status == Announced ? fact : Create(rumoured);

    public static DealFact Apply(DealAnnounced announced, DealFact fact)
    {
        fact.Id = announced.DealId;
        fact.Type = announced.Type;
        fact.Acquirer = announced.Acquirer;
        fact.Target = announced.Target;
        fact.Status = Announced;
        fact.AnnouncedOn = announced.AnnouncedOn;
        fact.Value = announced.Value;
        fact.RecordedAt = announced.RecordedAt;
        return fact;
    }
}
