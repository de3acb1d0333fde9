using System.Security.Cryptography;
using System.Text;
using TalentPlatform.Vocabulary.Claims;

namespace TalentPlatform.Insights.Reference;

// Reference data is Insights' own: analysts record it here, and it is event-sourced like everything else.

/// <summary>How many US dollars one unit of <see cref="Currency"/> bought on <see cref="On"/>, and who says so.</summary>
public sealed record FxRateRecorded(Guid RateId, string Currency, decimal UsdPerUnit, DateOnly On, Source Source, DateTimeOffset RecordedAt);

public sealed record FxRate(Guid Id, string Currency, decimal UsdPerUnit, DateOnly On, Source Source, DateTimeOffset RecordedAt)
{
    public static FxRate Create(FxRateRecorded e) => new(e.RateId, e.Currency, e.UsdPerUnit, e.On, e.Source, e.RecordedAt);
}

/// <summary>What training an AI model cost, as a claim: competing figures (editions of a report) are all kept.</summary>
public sealed record ModelTrainingCostRecorded(Guid CostId, string Model, string Organization, int Year, decimal Amount, string Currency, Source Source, DateTimeOffset RecordedAt);

public sealed record ModelTrainingCost(Guid Id, string Model, string Organization, int Year, decimal Amount, string Currency, Source Source, DateTimeOffset RecordedAt)
{
    public static ModelTrainingCost Create(ModelTrainingCostRecorded e) => new(e.CostId, e.Model, e.Organization, e.Year, e.Amount, e.Currency, e.Source, e.RecordedAt);
}

/// <summary>Reference records are identified by what they say, so recording the same fact twice is one record.</summary>
public static class ReferenceIds
{
    public static Guid For(params object[] parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("talent-platform:reference:" + string.Join('|', parts)));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
