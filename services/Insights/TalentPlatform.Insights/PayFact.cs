using Marten.Events.Aggregation;
using TalentPlatform.Compensation.Contracts;

namespace TalentPlatform.Insights;

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
