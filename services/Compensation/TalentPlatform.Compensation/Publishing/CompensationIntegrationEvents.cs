using JasperFx.Events;
using TalentPlatform.Compensation.Contracts;
using TalentPlatform.Messaging;
using Contract = TalentPlatform.Compensation.Contracts;

namespace TalentPlatform.Compensation.Publishing;

/// <summary>
/// The one place where Compensation's domain events become its contract. Market observations and
/// offers are published for every subscriber; a tenant's submitted rows go to Insights' queue alone.
/// </summary>
internal sealed class CompensationIntegrationEvents : IntegrationEventMapper<object>
{
    protected override object? Evolve(object? state, object @event) => (state, @event) switch
    {
        (null, CompensationObserved observed) => Observation.Create(observed),
        (null, CompensationObservedInBulk bulk) => bulk,
        (null, OfferExtended) or (Offer, _) => Offer.Fold(state as Offer, @event),
        (null, CompensationSubmitted submitted) => Submission.Create(submitted),
        _ => state,
    };

    protected override object? ToIntegrationEvent(object state, IEvent @event) => @event.Data switch
    {
        CompensationObserved e => Observed(e),
        CompensationObservedInBulk e => new Contract.CompensationObservedInBulk(e.ImportId, [.. e.Reports.Select(Observed)]),
        OfferExtended e => new Contract.OfferExtended(
            e.OfferId,
            e.Organization,
            new OfferCandidate(e.Candidate.PersonId, e.Candidate.Name, e.Candidate.Group),
            new OfferPackage(e.Package.SignOn, e.Package.Base, e.Package.Total, [.. e.Package.Schedule.Select(year => new Contract.PackageYear(year.Year, year.Amount))], e.Package.UpTo),
            e.Currency,
            e.ExtendedOn,
            Source(e.Source),
            e.RecordedAt),
        OfferOutcomeReported e when state is Offer offer => new OfferOutcomeRecorded(
            e.OfferId, e.Claim.ClaimId, WireNames.Of(e.Claim.Outcome), Source(e.Claim.Source), Wire(offer.CurrentOutcome?.Outcome), e.RecordedAt),
        CompensationSubmitted e => new PointToPoint(Contract.CompensationSubmitted.Queue, new Contract.CompensationSubmitted(
            e.SubmissionId, @event.TenantId, e.Role, Wire(e.Level), e.Location.Country, e.Location.City, e.Currency,
            WireNames.Of(e.Period), Components(e.Components), e.EffectiveOn, e.RecordedAt)),
        _ => null,
    };

    private static Contract.CompensationObserved Observed(CompensationObserved e) => new(
        e.ObservationId, e.Role, Wire(e.Level), e.Location?.Country, e.Location?.City, e.Organization, e.Currency,
        WireNames.Of(e.Period), WireNames.Of(e.Kind), Components(e.Components), e.SampleSize, e.ObservedOn, Source(e.Source), e.RecordedAt);

    private static string? Wire<TEnum>(TEnum? value)
        where TEnum : struct, Enum => value is { } known ? WireNames.Of(known) : null;

    private static PayComponents Components(Components components) =>
        new(Figure(components.Base), Figure(components.Bonus), Figure(components.EquityPerYear), Figure(components.SignOn));

    private static PayFigure? Figure(Figure? figure) => figure is null ? null : new PayFigure(figure.Amount, figure.Min, figure.Max);

    private static PaySource Source(Source source) =>
        new(source.Publisher, source.Url, source.PublishedOn, WireNames.Of(source.Attribution), WireNames.Of(source.Status));
}
