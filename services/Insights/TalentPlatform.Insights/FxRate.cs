
namespace TalentPlatform.Insights;

// Reference data is Insights' own: analysts record it (RecordingReferenceData/), event-sourced like everything else.

/// <summary>How many US dollars one unit of <see cref="Currency"/> bought on <see cref="On"/>, and who says so.</summary>
public sealed record FxRateRecorded(Guid RateId, string Currency, decimal UsdPerUnit, DateOnly On, Source Source, DateTimeOffset RecordedAt);

public sealed record FxRate(Guid Id, string Currency, decimal UsdPerUnit, DateOnly On, Source Source, DateTimeOffset RecordedAt)
{
    public static FxRate Create(FxRateRecorded e) => new(e.RateId, e.Currency, e.UsdPerUnit, e.On, e.Source, e.RecordedAt);
}
