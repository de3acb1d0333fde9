using Marten.Events.Aggregation;
using TalentPlatform.People.Contracts;
using TalentPlatform.Vocabulary;

namespace TalentPlatform.Insights;

/// <summary>One move as People reported it: a named person, or a counted group.</summary>
public sealed class MoveFact
{
    public Guid Id { get; set; }

    public Guid? PersonId { get; set; }

    public string? PersonName { get; set; }

    public int Count { get; set; }

    public bool CountIsMinimum { get; set; }

    public string From { get; set; } = "";

    public string To { get; set; } = "";

    public string On { get; set; } = "";

    public string OnPrecision { get; set; } = "";

    /// <summary>The first day <see cref="On"/> can mean, for date ranges.</summary>
    public DateOnly OnEarliest { get; set; }

    public Guid? DealId { get; set; }

    public string Publisher { get; set; } = "";

    public Attribution? Attribution { get; set; }

    public ClaimStatus? ClaimStatus { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}

public sealed class MoveFactProjection : SingleStreamProjection<MoveFact, Guid>
{
    public static MoveFact Create(TalentMoved moved) => new()
    {
        Id = moved.MoveId,
        PersonId = moved.PersonId,
        PersonName = moved.PersonName,
        Count = moved.Count,
        CountIsMinimum = moved.CountIsMinimum,
        From = moved.From,
        To = moved.To,
        On = moved.On,
        OnPrecision = moved.OnPrecision,
        OnEarliest = PartialDate.TryParse(moved.On, out var on) ? on.Earliest : throw new FormatException($"Move {moved.MoveId} is dated {moved.On}, not a year, month or day."),
        DealId = moved.DealId,
        Publisher = moved.Source.Publisher,
        Attribution = ContractWords.Read<Attribution>(moved.Source.Attribution),
        ClaimStatus = ContractWords.Read<ClaimStatus>(moved.Source.ClaimStatus),
        RecordedAt = moved.RecordedAt,
    };
}
