
namespace TalentPlatform.Insights;

/// <summary>What training an AI model cost, as a claim: competing figures (editions of a report) are all kept.</summary>
public sealed record ModelTrainingCostRecorded(Guid CostId, string Model, string Organization, int Year, decimal Amount, string Currency, Source Source, DateTimeOffset RecordedAt);

public sealed record ModelTrainingCost(Guid Id, string Model, string Organization, int Year, decimal Amount, string Currency, Source Source, DateTimeOffset RecordedAt)
{
    public static ModelTrainingCost Create(ModelTrainingCostRecorded e) => new(e.CostId, e.Model, e.Organization, e.Year, e.Amount, e.Currency, e.Source, e.RecordedAt);
}
