using TalentPlatform.EventStore;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;
using TalentPlatform.Vocabulary;

namespace TalentPlatform.Insights.RecordingReferenceData;

public sealed record RecordFxRateRequest(string Currency, decimal UsdPerUnit, DateOnly On, SourceRequest Source);

public sealed record CostRequest(decimal Amount, string Currency);

public sealed record RecordModelTrainingCostRequest(string Model, string Organization, int Year, CostRequest Cost, SourceRequest Source);

/// <summary>Every item of a piece of reference data, in one answer (a few hundred at most).</summary>
public sealed record ReferenceList<T>(IReadOnlyList<T> Items);

internal sealed class ReferenceEndpoints : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/insights/reference/fx-rates", RecordFxRateAsync).WithIdempotencyKeys().RequireAuthorization(Policies.MarketWriter)
            .WithName("RecordFxRate").Creates<FxRate>().WithSummary("How many US dollars one unit of a currency bought on a day, with its source.");
        app.MapGet("/api/insights/reference/fx-rates", ListFxRatesAsync).WithName("ListFxRates").Answers<ReferenceList<FxRate>>()
            .WithSummary("Every FX rate Insights converts with, including the shipped Federal Reserve table; ?currency= narrows.");
        app.MapPost("/api/insights/reference/model-training-costs", RecordTrainingCostAsync).WithIdempotencyKeys().RequireAuthorization(Policies.MarketWriter)
            .WithName("RecordModelTrainingCost").Creates<ModelTrainingCost>().WithSummary("What training an AI model cost, as a sourced claim.");
        app.MapGet("/api/insights/reference/model-training-costs", ListTrainingCostsAsync).WithName("ListModelTrainingCosts").Produces<ReferenceList<ModelTrainingCost>>().WithSummary("Every AI model training cost Insights compares pay with, as sourced claims; ?model= narrows.");
    }

    private static async Task<IResult> RecordFxRateAsync(RecordFxRateRequest request, IDocumentSession session, TimeProvider time, HttpContext http)
    {
        var now = time.GetUtcNow();
        var errors = new ValidationErrors()
            .When(!CurrencyCodes.IsActive(request.Currency) || request.Currency == "USD", "currency", "An active ISO 4217 code other than USD, such as GBP.")
            .When(request.UsdPerUnit is <= 0 or > 1_000_000, "usdPerUnit", "US dollars per unit: greater than 0.")
            .NotFuture("on", request.On, now)
            .Source("source", request.Source, now);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The FX rate is not valid.");
        }

        var source = request.Source.ToSource();
        var id = ReferenceIds.For("fx", request.Currency, request.On, source.Publisher, request.UsdPerUnit);
        if (await session.LoadAsync<FxRate>(id, http.RequestAborted) is { } existing)
        {
            throw new ConflictException($"{source.Publisher} already gives {request.Currency} at {existing.UsdPerUnit} USD on {request.On:yyyy-MM-dd}.");
        }

        var recorded = new FxRateRecorded(id, request.Currency, request.UsdPerUnit, request.On, source, now);
        session.Events.StartStream<FxRate>(id, recorded);
        var rate = FxRate.Create(recorded);
        return await RespondCreatedAsync(http, session, rate, $"/api/insights/reference/fx-rates?currency={rate.Currency}");
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
        return TypedResults.Ok(new ReferenceList<FxRate>(items));
    }

    private static async Task<IResult> RecordTrainingCostAsync(RecordModelTrainingCostRequest request, IDocumentSession session, TimeProvider time, HttpContext http)
    {
        var now = time.GetUtcNow();
        var errors = new ValidationErrors()
            .When(!Slugs.IsValid(request.Model), "model", "A model slug, such as gpt-4 or gemini-1-0-ultra.")
            .When(!Slugs.IsValid(request.Organization), "organization", "The organization's slug, such as openai.")
            .When(request.Year < 1950 || request.Year > now.Year, "year", "The year it was trained.")
            .When(request.Cost.Amount <= 0, "cost.amount", "Greater than zero.")
            .When(request.Cost is { Amount: > 1_000_000_000_000m }, "cost.amount", "Not plausible for training a model.")
            .When(!CurrencyCodes.IsActive(request.Cost.Currency), "cost.currency", "An active ISO 4217 code, such as USD.")
            .Source("source", request.Source, now);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The training cost is not valid.");
        }

        var source = request.Source.ToSource();
        var id = ReferenceIds.For("training-cost", request.Model, request.Cost.Amount, request.Cost.Currency, source.Publisher, source.PublishedOn);
        if (await session.LoadAsync<ModelTrainingCost>(id, http.RequestAborted) is not null)
        {
            throw new ConflictException($"{source.Publisher} ({source.PublishedOn:yyyy-MM-dd}) already gives this cost for {request.Model}.");
        }

        var recorded = new ModelTrainingCostRecorded(id, request.Model, request.Organization, request.Year, request.Cost.Amount, request.Cost.Currency, source, now);
        session.Events.StartStream<ModelTrainingCost>(id, recorded);
        var cost = ModelTrainingCost.Create(recorded);
        return await RespondCreatedAsync(http, session, cost, $"/api/insights/reference/model-training-costs?model={cost.Model}");
    }

    private static async Task<IResult> ListTrainingCostsAsync(string? model, IQuerySession session, CancellationToken cancellationToken)
    {
        IQueryable<ModelTrainingCost> costs = session.Query<ModelTrainingCost>();
        if (model is not null)
        {
            costs = costs.Where(cost => cost.Model == model);
        }

        var items = await costs.OrderBy(cost => cost.Model).ThenByDescending(cost => cost.Source.PublishedOn).ToListAsync(cancellationToken);
        return TypedResults.Ok(new ReferenceList<ModelTrainingCost>(items));
    }

    private static async Task<IResult> RespondCreatedAsync(HttpContext http, IDocumentSession session, object body, string location)
    {
        http.Response.Headers.Location = location;
        http.Response.SetETag(1);
        IdempotencyKeys.Stage(session, http, StatusCodes.Status201Created, body);
        await session.SaveChangesAsync(http.RequestAborted);
        return TypedResults.Created(location, body);
    }
}
