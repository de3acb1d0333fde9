using Marten;
using TalentPlatform.Vocabulary.Validation;

namespace TalentPlatform.Insights.ListingReferenceData;

internal static class ListReferenceDataEndpoints
{
    public static IEndpointRouteBuilder MapListReferenceData(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/insights/reference/fx-rates", ListFxRatesAsync).WithName("ListFxRates")
            .WithSummary("Every FX rate Insights converts with, including the shipped Federal Reserve table; ?currency= narrows.");
        app.MapGet("/api/insights/reference/model-training-costs", ListTrainingCostsAsync).WithName("ListModelTrainingCosts");
        return app;
    }

    private static async Task<IResult> ListFxRatesAsync(string? currency, IQuerySession session, CancellationToken cancellationToken)
    {
        if (currency is not null && !CurrencyCodes.IsActive(currency))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["currency"] = ["An active ISO 4217 code."] });
        }

        IQueryable<FxRate> rates = session.Query<FxRate>();
        if (currency is not null)
        {
            rates = rates.Where(rate => rate.Currency == currency);
        }

        var items = await rates.OrderBy(rate => rate.Currency).ThenByDescending(rate => rate.On).ToListAsync(cancellationToken);
        return TypedResults.Ok(new { items });
    }

    private static async Task<IResult> ListTrainingCostsAsync(string? model, IQuerySession session, CancellationToken cancellationToken)
    {
        IQueryable<ModelTrainingCost> costs = session.Query<ModelTrainingCost>();
        if (model is not null)
        {
            costs = costs.Where(cost => cost.Model == model);
        }

        var items = await costs.OrderBy(cost => cost.Model).ThenByDescending(cost => cost.Source.PublishedOn).ToListAsync(cancellationToken);
        return TypedResults.Ok(new { items });
    }
}
