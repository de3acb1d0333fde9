namespace TalentPlatform.Insights;

internal sealed partial class ReadModelWriter
{
    /// <summary>Keeps each report and tenant row once (by its id, so a report republished under a new MessageId is still one); market reports count in claims quality.</summary>
    private async Task<IReadOnlySet<Guid>> ApplyPayAsync(List<PayFact> facts, CancellationToken cancellationToken)
    {
        var fresh = await PayRows.InsertAsync(connection, S, facts, cancellationToken);
        foreach (var fact in facts.Where(fact => fact.Origin == PayOrigin.Market && fresh.Contains(fact.Id)).DistinctBy(fact => fact.Id))
        {
            CountFigure("pay-report", fact.Id, fact.ClaimFlags, +1, listed: false);
        }

        if (fresh.Count > 0)
        {
            _touched.Add(Models.Pay);
        }

        return fresh;
    }
}
