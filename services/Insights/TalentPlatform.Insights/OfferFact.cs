using Marten.Events.Aggregation;
using TalentPlatform.Compensation.Contracts;

namespace TalentPlatform.Insights;

public sealed record OutcomeReport(Guid ClaimId, string Outcome, ClaimStatus? ClaimStatus, string Publisher, DateOnly PublishedOn, DateTimeOffset RecordedAt)
{
    public Attribution? Attribution { get; init; }
}

/// <summary>One offer with its outcome as currently claimed.</summary>
public sealed class OfferFact
{
    public Guid Id { get; set; }

    public string Organization { get; set; } = "";

    public OfferCandidate Candidate { get; set; } = new(null, null, null);

    public OfferPackage Package { get; set; } = new(null, null, null, [], false);

    public string Currency { get; set; } = "";

    public DateOnly ExtendedOn { get; set; }

    public string Publisher { get; set; } = "";

    public Attribution? Attribution { get; set; }

    public ClaimStatus? ClaimStatus { get; set; }

    /// <summary>The outcome the reports support by the claims rule, whatever order they arrived in.</summary>
    public string? CurrentOutcome { get; set; }

    public List<OutcomeReport> Outcomes { get; set; } = [];

    public DateTimeOffset RecordedAt { get; set; }
}

public sealed class OfferFactProjection : SingleStreamProjection<OfferFact, Guid>
{
    public static OfferFact Create(OfferExtended e) => Apply(e, new OfferFact());

    public static OfferFact Create(OfferOutcomeRecorded e) => Apply(e, new OfferFact { Id = e.OfferId });

    public static OfferFact Apply(OfferExtended e, OfferFact fact)
    {
        fact.Id = e.OfferId;
        fact.Organization = e.Organization;
        fact.Candidate = e.Candidate;
        fact.Package = e.Package;
        fact.Currency = e.Currency;
        fact.ExtendedOn = e.ExtendedOn;
        fact.Publisher = e.Source.Publisher;
        fact.Attribution = ContractWords.Read<Attribution>(e.Source.Attribution);
        fact.ClaimStatus = ContractWords.Read<ClaimStatus>(e.Source.ClaimStatus);
        fact.RecordedAt = e.RecordedAt;
        return fact;
    }

    /// <summary>Every report is kept; the current outcome is chosen again from all of them, so arrival order never matters.</summary>
    public static OfferFact Apply(OfferOutcomeRecorded e, OfferFact fact)
    {
        if (fact.Outcomes.All(report => report.ClaimId != e.ClaimId))
        {
            var report = new OutcomeReport(e.ClaimId, e.Outcome, ContractWords.Read<ClaimStatus>(e.Source.ClaimStatus), e.Source.Publisher, e.Source.PublishedOn, e.RecordedAt)
            {
                Attribution = ContractWords.Read<Attribution>(e.Source.Attribution),
            };
            fact.Outcomes = [.. fact.Outcomes.Append(report).OrderBy(report => report.ClaimId)];
        }

        fact.CurrentOutcome = CurrentClaim.Of(
            fact.Outcomes,
            report => report.ClaimStatus ?? ClaimStatus.Reported,
            report => report.PublishedOn,
            report => report.RecordedAt)?.Outcome;
        return fact;
    }
}
