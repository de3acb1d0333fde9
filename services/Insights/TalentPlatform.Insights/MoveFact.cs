using System.Globalization;
using Marten.Events.Aggregation;
using TalentPlatform.People.Contracts;

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

    public string Attribution { get; set; } = "";

    public string ClaimStatus { get; set; } = "";

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
        OnEarliest = Earliest(moved.On),
        DealId = moved.DealId,
        Publisher = moved.Source.Publisher,
        Attribution = moved.Source.Attribution,
        ClaimStatus = moved.Source.ClaimStatus,
        RecordedAt = moved.RecordedAt,
    };

    /// <summary>"2025" → 2025-01-01, "2025-07" → 2025-07-01, "2025-07-11" → itself.</summary>
    public static DateOnly Earliest(string partialDate) => partialDate.Length switch
    {
        4 => new DateOnly(int.Parse(partialDate, CultureInfo.InvariantCulture), 1, 1),
        7 => DateOnly.ParseExact(partialDate + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => DateOnly.ParseExact(partialDate, "yyyy-MM-dd", CultureInfo.InvariantCulture),
    };
}
