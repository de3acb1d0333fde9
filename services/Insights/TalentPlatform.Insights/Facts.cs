using System.Globalization;
using Marten;
using Marten.Events.Aggregation;
using TalentPlatform.Compensation.Contracts;
using TalentPlatform.People.Contracts;
using TalentPlatform.Vocabulary;
using TalentPlatform.Vocabulary.Claims;

namespace TalentPlatform.Insights;

/// <summary>Appending to a received-event stream so that its inline read model never keeps a stale read.</summary>
public static class ReceivedStreams
{
    /// <summary>
    /// Reads <typeparamref name="TFact"/> with its version and appends expecting that version: two
    /// messages about one thing applied at once collide, and one retries on the other's result.
    /// </summary>
    public static async Task AppendAsync<TFact>(IDocumentSession session, Guid streamId, object message, CancellationToken cancellationToken)
        where TFact : class
    {
        var stream = await session.Events.FetchForWriting<TFact>(streamId, cancellationToken);
        stream.AppendOne(message);
    }
}

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

/// <summary>One pay figure: a market observation, or a tenant's private row (which never leaves Insights alone).</summary>
public sealed class PayFact
{
    public const string Market = "market";
    public const string TenantRow = "tenant";

    public Guid Id { get; set; }

    /// <summary><see cref="Market"/> or <see cref="TenantRow"/>.</summary>
    public string Origin { get; set; } = "";

    public string? Tenant { get; set; }

    public string Role { get; set; } = "";

    public string? Level { get; set; }

    public string? Country { get; set; }

    public string? City { get; set; }

    public string? Organization { get; set; }

    public string Currency { get; set; } = "";

    public string Period { get; set; } = "";

    /// <summary>point, average, median or range (tenant rows are points).</summary>
    public string Kind { get; set; } = "";

    public PayComponents Components { get; set; } = new(null, null, null, null);

    public int? SampleSize { get; set; }

    public DateOnly On { get; set; }

    public string? Publisher { get; set; }

    public string? Attribution { get; set; }

    public string ClaimStatus { get; set; } = "";

    public DateTimeOffset RecordedAt { get; set; }
}

public sealed class PayFactProjection : SingleStreamProjection<PayFact, Guid>
{
    public static PayFact Create(CompensationObserved e) => new()
    {
        Id = e.ObservationId,
        Origin = PayFact.Market,
        Role = e.Role,
        Level = e.Level,
        Country = e.Country,
        City = e.City,
        Organization = e.Organization,
        Currency = e.Currency,
        Period = e.Period,
        Kind = e.Kind,
        Components = e.Components,
        SampleSize = e.SampleSize,
        On = e.ObservedOn,
        Publisher = e.Source.Publisher,
        Attribution = e.Source.Attribution,
        ClaimStatus = e.Source.ClaimStatus,
        RecordedAt = e.RecordedAt,
    };

    /// <summary>A customer's own payroll row: first-hand, so confirmed by the company that states it.</summary>
    public static PayFact Create(CompensationSubmitted e) => new()
    {
        Id = e.SubmissionId,
        Origin = PayFact.TenantRow,
        Tenant = e.Tenant,
        Role = e.Role,
        Level = e.Level,
        Country = e.Country,
        City = e.City,
        Currency = e.Currency,
        Period = e.Period,
        Kind = "point",
        Components = e.Components,
        On = e.EffectiveOn,
        Attribution = "company-statement",
        ClaimStatus = "confirmed",
        RecordedAt = e.RecordedAt,
    };
}

public sealed record OutcomeReport(Guid ClaimId, string Outcome, string ClaimStatus, string Publisher, DateOnly PublishedOn, DateTimeOffset RecordedAt)
{
    public string? Attribution { get; init; }
}

/// <summary>One offer with its outcome as currently claimed.</summary>
public sealed class OfferFact
{
    public Guid Id { get; set; }

    public string Organization { get; set; } = "";

    public OfferCandidate Candidate { get; set; } = new(null, null, null);

    public OfferPackage Package { get; set; } = new(null, null, null, [], false);

    public string Currency { get; set; } = "";

    public DateOnly ExtendedOn { get; set; }

    public string Publisher { get; set; } = "";

    public string Attribution { get; set; } = "";

    public string ClaimStatus { get; set; } = "";

    /// <summary>The outcome the reports support by the claims rule, whatever order they arrived in.</summary>
    public string? CurrentOutcome { get; set; }

    public List<OutcomeReport> Outcomes { get; set; } = [];

    public DateTimeOffset RecordedAt { get; set; }
}

public sealed class OfferFactProjection : SingleStreamProjection<OfferFact, Guid>
{
    public static OfferFact Create(OfferExtended e) => Apply(e, new OfferFact());

    public static OfferFact Create(OfferOutcomeRecorded e) => Apply(e, new OfferFact { Id = e.OfferId });

    public static OfferFact Apply(OfferExtended e, OfferFact fact)
    {
        fact.Id = e.OfferId;
        fact.Organization = e.Organization;
        fact.Candidate = e.Candidate;
        fact.Package = e.Package;
        fact.Currency = e.Currency;
        fact.ExtendedOn = e.ExtendedOn;
        fact.Publisher = e.Source.Publisher;
        fact.Attribution = e.Source.Attribution;
        fact.ClaimStatus = e.Source.ClaimStatus;
        fact.RecordedAt = e.RecordedAt;
        return fact;
    }

    /// <summary>Every report is kept; the current outcome is chosen again from all of them, so arrival order never matters.</summary>
    public static OfferFact Apply(OfferOutcomeRecorded e, OfferFact fact)
    {
        if (fact.Outcomes.All(report => report.ClaimId != e.ClaimId))
        {
            var report = new OutcomeReport(e.ClaimId, e.Outcome, e.Source.ClaimStatus, e.Source.Publisher, e.Source.PublishedOn, e.RecordedAt) { Attribution = e.Source.Attribution };
            fact.Outcomes = [.. fact.Outcomes.Append(report).OrderBy(report => report.ClaimId)];
        }

        fact.CurrentOutcome = CurrentClaim.Of(
            fact.Outcomes,
            report => WireNames.TryParse<ClaimStatus>(report.ClaimStatus, out var status) ? status : ClaimStatus.Reported,
            report => report.PublishedOn,
            report => report.RecordedAt)?.Outcome;
        return fact;
    }
}
