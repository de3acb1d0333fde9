
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

internal sealed class GetClaimsQualityEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/insights/claims/quality", HandleAsync)
            .WithName("GetClaimsQuality")
            .WithSummary("How many figures rest on one source, on an anonymous or a named (possibly rival) source, on an estimate, or are disputed.");
    }

    private static async Task<IResult> HandleAsync(IQuerySession session, CancellationToken cancellationToken)
    {
        var figures = new List<(string Kind, Guid Id, IReadOnlyList<FigureClaim> Claims)>();
        foreach (var deal in await session.Query<DealFact>().ToListAsync(cancellationToken))
        {
            foreach (var term in deal.Claims.GroupBy(claim => claim.Term))
            {
                var kind = $"deal-{ContractWords.Write(term.Key)}";
                figures.Add((kind, deal.Id, [.. term.Select(claim => new FigureClaim(kind, deal.Id, claim.ClaimStatus, claim.Attribution, claim.Publisher))]));
            }
        }

        foreach (var offer in await session.Query<OfferFact>().ToListAsync(cancellationToken))
        {
            figures.Add(("offer", offer.Id, [new FigureClaim("offer", offer.Id, offer.ClaimStatus, offer.Attribution, offer.Publisher)]));
            if (offer.Outcomes.Count > 0)
            {
                figures.Add(("offer-outcome", offer.Id, [.. offer.Outcomes.Select(report => new FigureClaim("offer-outcome", offer.Id, report.ClaimStatus, report.Attribution, report.Publisher))]));
            }
        }

        foreach (var pay in await session.Query<PayFact>().Where(fact => fact.Origin == PayOrigin.Market).ToListAsync(cancellationToken))
        {
            figures.Add(("pay-report", pay.Id, [new FigureClaim("pay-report", pay.Id, pay.ClaimStatus, pay.Attribution, pay.Publisher)]));
        }

        foreach (var move in await session.Query<MoveFact>().ToListAsync(cancellationToken))
        {
            figures.Add(("move", move.Id, [new FigureClaim("move", move.Id, move.ClaimStatus, move.Attribution, move.Publisher)]));
        }

        foreach (var model in (await session.Query<ModelTrainingCost>().ToListAsync(cancellationToken)).GroupBy(cost => cost.Model))
        {
            var first = model.OrderBy(cost => cost.Id).First();
            figures.Add(("training-cost", first.Id, [.. model.Select(cost => new FigureClaim("training-cost", cost.Id, cost.Source.Status, cost.Source.Attribution, cost.Source.Publisher))]));
        }

        FigureCount Where(Func<IReadOnlyList<FigureClaim>, bool> predicate)
        {
            var matching = figures.Where(figure => predicate(figure.Claims)).ToList();
            return new FigureCount(
                matching.Count,
                [.. matching.SelectMany(figure => figure.Claims).Select(claim => claim.ToRef()).OrderBy(claim => claim.Kind, StringComparer.Ordinal).ThenBy(claim => claim.Id).ThenBy(claim => claim.Publisher, StringComparer.Ordinal)]);
        }

        return TypedResults.Ok(new ClaimsQualityAnswer(
            figures.Count,
            Where(claims => claims.Select(claim => claim.Publisher).Distinct().Count() == 1),
            Where(claims => claims.Any(claim => claim.Attribution == Attribution.AnonymousSource)),
            Where(claims => claims.Any(claim => claim.Attribution == Attribution.NamedPerson)),
            Where(claims => claims.Any(claim => claim.Attribution == Attribution.Estimate)),
            Where(claims => claims.Any(claim => claim.Status is ClaimStatus.Disputed or ClaimStatus.Retracted)),
            Where(claims => claims.All(claim => claim.Status is ClaimStatus.Rumoured or ClaimStatus.Disputed or ClaimStatus.Retracted)),
            figures.GroupBy(figure => figure.Kind).OrderBy(kind => kind.Key, StringComparer.Ordinal).ToDictionary(kind => kind.Key, kind => kind.Count())));
    }

    /// <summary>One claim behind a figure, in typed words until it is written into the answer.</summary>
    private sealed record FigureClaim(string Kind, Guid Id, ClaimStatus? Status, Attribution? Attribution, string? Publisher)
    {
        public FigureRef ToRef() => new(Kind, Id, ContractWords.Write(Status), ContractWords.WriteOrNull(Attribution), Publisher);
    }
}
