using TalentPlatform.ServiceDefaults;
using TalentPlatform.Vocabulary;

namespace TalentPlatform.Insights.GettingTalentVsCompute;

/// <summary>A model's training cost as currently claimed, and how many of the baseline model it is.</summary>
public sealed record ModelCost(string Model, string Organization, int Year, UsdFigure Cost, string ClaimStatus, Source Source, int CompetingClaims, decimal? RatioToBaseline);

public sealed record Ratio(string Model, decimal Value);

/// <summary>A package spread over its years: <see cref="PerYear"/> = amount ÷ <see cref="Years"/>.</summary>
public sealed record Annualised(decimal PerYear, int Years, string Rule);

/// <summary>A price paid for talent (an offer or a deal), set against model training costs and against a year of pay.</summary>
public sealed record TalentPrice(
    string Kind,
    Guid Id,
    string Organization,
    string Counterparty,
    UsdFigure Amount,
    bool UpTo,
    Annualised? Annualised,
    string ClaimStatus,
    string Publisher,
    IReadOnlyList<Ratio> Ratios,
    decimal? YearsOfReferencePay);

public sealed record ReferencePay(string Role, string Level, string Country, UsdFigure AnnualBase, Guid FactId, string ClaimStatus, string? Publisher);

public sealed record TalentVsComputeAnswer(string? Baseline, IReadOnlyList<ModelCost> Models, ReferencePay? ReferencePay, IReadOnlyList<TalentPrice> Items);

internal sealed class GetTalentVsComputeEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/insights/talent-vs-compute", HandleAsync)
            .WithName("GetTalentVsCompute")
            .WithSummary("The largest packages and deal values against AI model training costs, as ratios with sources; also in years of a reference salary.");
    }

    private static async Task<IResult> HandleAsync(
        string? baseline,
        string? top,
        string? referenceRole,
        string? referenceLevel,
        string? referenceCountry,
        IQuerySession session,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .When(baseline is not null && !Slugs.IsValid(baseline), "baseline", "A model slug, such as gpt-4.")
            .When(referenceCountry is not null && !CountryCodes.IsAssigned(referenceCountry), "referenceCountry", "An ISO 3166-1 alpha-2 code.");
        var count = QueryParameters.Number(top, "top", 100, 10, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The query is not valid.");
        }

        var rates = await UsdRates.LoadAsync(session, null, cancellationToken);
        var models = (await session.Query<ModelTrainingCost>().ToListAsync(cancellationToken))
            .GroupBy(cost => cost.Model)
            .Select(claims => (Current: CurrentClaim.Of(claims.OrderBy(cost => cost.Id), cost => cost.Source.Status, cost => cost.Source.PublishedOn, cost => cost.RecordedAt), Claims: claims.Count()))
            .Where(model => model.Current is not null)
            .Select(model => (Cost: model.Current!, Usd: rates.Convert(model.Current!.Amount, model.Current.Currency, new DateOnly(model.Current.Year, 7, 1)), model.Claims))
            .OrderBy(model => model.Cost.Year)
            .ThenBy(model => model.Usd.Usd)
            .ToList();
        var baselineModel = models.FirstOrDefault(model => model.Cost.Model == (baseline ?? "gpt-4")).Cost ?? (baseline is null ? models.FirstOrDefault().Cost : null);
        if (baseline is not null && baselineModel is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["baseline"] = [$"No training cost is recorded for {baseline}."] });
        }

        var baselineUsd = models.FirstOrDefault(model => model.Cost == baselineModel).Usd?.Usd;
        var modelCosts = models.Select(model => new ModelCost(
            model.Cost.Model,
            model.Cost.Organization,
            model.Cost.Year,
            model.Usd,
            WireNames.Of(model.Cost.Source.Status),
            model.Cost.Source,
            model.Claims,
            model.Usd.Usd is { } usd && baselineUsd is { } basis ? decimal.Round(usd / basis, 2) : null)).ToList();

        var reference = await ReferencePayAsync(session, rates, referenceRole ?? "ml-engineer", referenceLevel ?? "senior", referenceCountry ?? "US", cancellationToken);
        var offers = (await session.Query<OfferFact>().ToListAsync(cancellationToken)).Select(offer => Price(offer, rates));
        var deals = (await session.Query<DealFact>().ToListAsync(cancellationToken))
            .Where(deal => deal.WasAnnounced() && deal.Amount is not null && deal.Currency is not null)
            .Select(deal => new TalentPrice(
                "deal",
                deal.Id,
                deal.Acquirer,
                deal.Target,
                rates.Convert(deal.Amount!.Value, deal.Currency!, deal.AnnouncedOn ?? DateOnly.FromDateTime(deal.RecordedAt.UtcDateTime)),
                false,
                null,
                WireNames.Of(deal.ClaimStatus ?? ClaimStatus.Reported),
                deal.Claims.FirstOrDefault(claim => claim.Term == DealTerm.Value && claim.Amount == deal.Amount)?.Publisher ?? "",
                [],
                null));

        var items = offers.Concat(deals)
            .Where(item => item.Amount.Usd is not null)
            .OrderByDescending(item => item.Amount.Usd)
            .ThenBy(item => item.Id)
            .Take(count)
            .Select(item => item with
            {
                Ratios = [.. modelCosts.Where(model => model.Cost.Usd is > 0).Select(model => new Ratio(model.Model, decimal.Round(item.Amount.Usd!.Value / model.Cost.Usd!.Value, 2)))],
                YearsOfReferencePay = reference?.AnnualBase.Usd is > 0 ? decimal.Round(item.Amount.Usd!.Value / reference.AnnualBase.Usd.Value, 2) : null,
            })
            .ToList();
        return TypedResults.Ok(new TalentVsComputeAnswer(baselineModel?.Model, modelCosts, reference, items));
    }

    private static TalentPrice Price(OfferFact offer, UsdRates rates)
    {
        var package = offer.Package;
        var scheduled = package.Schedule.Count > 0 ? package.Schedule.Sum(year => year.Amount) : (decimal?)null;
        var amount = package.Total ?? scheduled ?? package.SignOn ?? package.Base ?? 0m;
        var annualised = package.Schedule.Count > 0
            ? new Annualised(decimal.Round(amount / package.Schedule.Count, 2), package.Schedule.Count, $"total ÷ {package.Schedule.Count} years of the schedule")
            : null;
        var candidate = offer.Candidate.Name ?? offer.Candidate.Group ?? offer.Candidate.PersonId?.ToString() ?? "";
        return new TalentPrice("offer", offer.Id, offer.Organization, candidate, rates.Convert(amount, offer.Currency, offer.ExtendedOn), package.UpTo, annualised, ContractWords.Write(offer.ClaimStatus), offer.Publisher, [], null);
    }

    private static async Task<ReferencePay?> ReferencePayAsync(IQuerySession session, UsdRates rates, string role, string level, string country, CancellationToken cancellationToken)
    {
        var candidates = (await session.Query<PayFact>().Where(fact => fact.Role == role).ToListAsync(cancellationToken))
            .Where(fact => fact.Origin == PayOrigin.Market && fact.Kind == FigureKind.Point && fact.Level == level && fact.Country == country && fact.Components.Base?.Amount is not null)
            .Where(fact => Annualisation.PeriodsPerYear(fact.Period) is not null)
            .OrderBy(fact => fact.Id)
            .ToList();
        var chosen = CurrentClaim.Of(candidates, fact => fact.ClaimStatus ?? ClaimStatus.Reported, fact => fact.On, fact => fact.RecordedAt);
        if (chosen is null)
        {
            return null;
        }

        var perYear = Annualisation.PeriodsPerYear(chosen.Period)!.Value;
        var annual = rates.Convert(chosen.Components.Base!.Amount!.Value * perYear, chosen.Currency, chosen.On);
        return new ReferencePay(role, level, country, annual, chosen.Id, ContractWords.Write(chosen.ClaimStatus), chosen.Publisher);
    }
}
