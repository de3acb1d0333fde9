using Marten;
using TalentPlatform.Vocabulary;

namespace TalentPlatform.Insights.GettingClaimsQuality;

/// <summary>A count and the figures behind it (kind and id).</summary>
public sealed record FigureCount(int Count, IReadOnlyList<FigureRef> Figures);

public sealed record FigureRef(string Kind, Guid Id, string ClaimStatus, string? Attribution, string? Publisher);

/// <summary>
/// How much the market's figures can be trusted: how many rest on a single source, on an anonymous source,
/// on a named person's word (often a rival's — an executive speaking of a competitor's offers), on an
/// estimate, or are disputed or retracted. A figure is a deal's value, a deal's stake, an offer, an offer's
/// outcome, a market pay report, a move, or a model's training cost.
/// </summary>
public sealed record ClaimsQualityAnswer(
    int Figures,
    FigureCount SingleSource,
    FigureCount AnonymousSource,
    FigureCount NamedPerson,
    FigureCount Estimate,
    FigureCount DisputedOrRetracted,
    FigureCount RumouredOnly,
    IReadOnlyDictionary<string, int> ByKind);

internal static class GetClaimsQualityEndpoint
{
    public static IEndpointRouteBuilder MapGetClaimsQuality(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/insights/claims/quality", HandleAsync)
            .WithName("GetClaimsQuality")
            .WithSummary("How many figures rest on one source, on an anonymous or a named (possibly rival) source, on an estimate, or are disputed.");
        return app;
    }

    private static async Task<IResult> HandleAsync(IQuerySession session, CancellationToken cancellationToken)
    {
        var figures = new List<(string Kind, Guid Id, IReadOnlyList<FigureRef> Claims)>();
        foreach (var deal in await session.Query<DealFact>().ToListAsync(cancellationToken))
        {
            foreach (var term in deal.Claims.GroupBy(claim => claim.Term))
            {
                figures.Add(($"deal-{term.Key}", deal.Id, [.. term.Select(claim => new FigureRef($"deal-{term.Key}", deal.Id, claim.ClaimStatus, claim.Attribution, claim.Publisher))]));
            }
        }

        foreach (var offer in await session.Query<OfferFact>().ToListAsync(cancellationToken))
        {
            figures.Add(("offer", offer.Id, [new FigureRef("offer", offer.Id, offer.ClaimStatus, offer.Attribution, offer.Publisher)]));
            if (offer.Outcomes.Count > 0)
            {
                figures.Add(("offer-outcome", offer.Id, [.. offer.Outcomes.Select(report => new FigureRef("offer-outcome", offer.Id, report.ClaimStatus, report.Attribution, report.Publisher))]));
            }
        }

        foreach (var pay in await session.Query<PayFact>().Where(fact => fact.Origin == PayFact.Market).ToListAsync(cancellationToken))
        {
            figures.Add(("pay-report", pay.Id, [new FigureRef("pay-report", pay.Id, pay.ClaimStatus, pay.Attribution, pay.Publisher)]));
        }

        foreach (var move in await session.Query<MoveFact>().ToListAsync(cancellationToken))
        {
            figures.Add(("move", move.Id, [new FigureRef("move", move.Id, move.ClaimStatus, move.Attribution, move.Publisher)]));
        }

        foreach (var model in (await session.Query<ModelTrainingCost>().ToListAsync(cancellationToken)).GroupBy(cost => cost.Model))
        {
            var first = model.OrderBy(cost => cost.Id).First();
            figures.Add(("training-cost", first.Id, [.. model.Select(cost => new FigureRef("training-cost", cost.Id, WireNames.Of(cost.Source.Status), WireNames.Of(cost.Source.Attribution), cost.Source.Publisher))]));
        }

        FigureCount Where(Func<IReadOnlyList<FigureRef>, bool> predicate)
        {
            var matching = figures.Where(figure => predicate(figure.Claims)).ToList();
            return new FigureCount(
                matching.Count,
                [.. matching.SelectMany(figure => figure.Claims).OrderBy(claim => claim.Kind, StringComparer.Ordinal).ThenBy(claim => claim.Id).ThenBy(claim => claim.Publisher, StringComparer.Ordinal)]);
        }

        return TypedResults.Ok(new ClaimsQualityAnswer(
            figures.Count,
            Where(claims => claims.Select(claim => claim.Publisher).Distinct().Count() == 1),
            Where(claims => claims.Any(claim => claim.Attribution == "anonymous-source")),
            Where(claims => claims.Any(claim => claim.Attribution == "named-person")),
            Where(claims => claims.Any(claim => claim.Attribution == "estimate")),
            Where(claims => claims.Any(claim => claim.ClaimStatus is "disputed" or "retracted")),
            Where(claims => claims.All(claim => claim.ClaimStatus is "rumoured" or "disputed" or "retracted")),
            figures.GroupBy(figure => figure.Kind).OrderBy(kind => kind.Key, StringComparer.Ordinal).ToDictionary(kind => kind.Key, kind => kind.Count())));
    }
}
