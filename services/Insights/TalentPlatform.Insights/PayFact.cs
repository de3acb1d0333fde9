using Marten.Events.Aggregation;
using TalentPlatform.Compensation.Contracts;

namespace TalentPlatform.Insights;

// The contract's words (PayPeriod, FigureKind) come from TalentPlatform.Compensation.Contracts; where a row came from is Insights' own.

/// <summary>Where a pay figure comes from: a public market report, or a tenant's private row.</summary>
public enum PayOrigin
{
    Market,
    Tenant,
}

/// <summary>One pay figure: a market observation, or a tenant's private row (which never leaves Insights alone).</summary>
public sealed class PayFact
{
    public Guid Id { get; set; }

    public PayOrigin Origin { get; set; }

    public string? Tenant { get; set; }

    public string Role { get; set; } = "";

    public string? Level { get; set; }

    public string? Country { get; set; }

    public string? City { get; set; }

    public string? Organization { get; set; }

    public string Currency { get; set; } = "";

    /// <summary>Null for a period Insights does not know (which is never annualised).</summary>
    public PayPeriod? Period { get; set; }

    /// <summary>Tenant rows are points; null for a kind Insights does not know (which no answer counts).</summary>
    public FigureKind? Kind { get; set; }

    public PayComponents Components { get; set; } = new(null, null, null, null);

    public int? SampleSize { get; set; }

    public DateOnly On { get; set; }

    public string? Publisher { get; set; }

    public Attribution? Attribution { get; set; }

    public ClaimStatus? ClaimStatus { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}

public sealed class PayFactProjection : SingleStreamProjection<PayFact, Guid>
{
    public static PayFact Create(CompensationObserved e) => new()
    {
        Id = e.ObservationId,
        Origin = PayOrigin.Market,
        Role = e.Role,
        Level = e.Level,
        Country = e.Country,
        City = e.City,
        Organization = e.Organization,
        Currency = e.Currency,
        Period = ContractWords.Read<PayPeriod>(e.Period),
        Kind = ContractWords.Read<FigureKind>(e.Kind),
        Components = e.Components,
        SampleSize = e.SampleSize,
        On = e.ObservedOn,
        Publisher = e.Source.Publisher,
        Attribution = ContractWords.Read<Attribution>(e.Source.Attribution),
        ClaimStatus = ContractWords.Read<ClaimStatus>(e.Source.ClaimStatus),
        RecordedAt = e.RecordedAt,
    };

    /// <summary>A customer's own payroll row: first-hand, so confirmed by the company that states it.</summary>
    public static PayFact Create(CompensationSubmitted e) => new()
    {
        Id = e.SubmissionId,
        Origin = PayOrigin.Tenant,
        Tenant = e.Tenant,
        Role = e.Role,
        Level = e.Level,
        Country = e.Country,
        City = e.City,
        Currency = e.Currency,
        Period = ContractWords.Read<PayPeriod>(e.Period),
        Kind = FigureKind.Point,
        Components = e.Components,
        On = e.EffectiveOn,
        Attribution = Attribution.CompanyStatement,
        ClaimStatus = ClaimStatus.Confirmed,
        RecordedAt = e.RecordedAt,
    };
}
