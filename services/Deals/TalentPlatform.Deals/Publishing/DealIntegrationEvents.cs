using JasperFx.Events;
using TalentPlatform.Deals.Contracts;
using TalentPlatform.Messaging;
using ContractAnnounced = TalentPlatform.Deals.Contracts.DealAnnounced;
using ContractCancelled = TalentPlatform.Deals.Contracts.DealCancelled;
using ContractClosed = TalentPlatform.Deals.Contracts.DealClosed;
using ContractTalentAttached = TalentPlatform.Deals.Contracts.TalentAttachedToDeal;

namespace TalentPlatform.Deals.Publishing;

/// <summary>
/// The one place where Deals' domain events become the contract other teams depend on. Each message
/// carries the deal as it stood right after its event, folded by the same <see cref="Deal.Fold"/>
/// that decisions use.
/// </summary>
internal sealed class DealIntegrationEvents : IntegrationEventMapper<Deal>
{
    protected override Deal? Evolve(Deal? state, object @event) => Deal.Fold(state, @event);

    protected override object? ToIntegrationEvent(Deal deal, IEvent @event)
    {
        var snapshot = Snapshot(deal, @event.Version);
        var recordedOn = DateOnly.FromDateTime(@event.Timestamp.UtcDateTime);
        return @event.Data switch
        {
            DealRecorded { Status: DealStatus.Announced, AnnouncedOn: { } announcedOn } recorded =>
                new ContractAnnounced(snapshot, announcedOn, recorded.RecordedAt),
            DealRecorded recorded => new DealRumoured(snapshot, FirstReported(recorded) ?? recordedOn, recorded.RecordedAt),
            DealTermClaimed claimed => new DealTermsChanged(snapshot, Claim(claimed.Claim), claimed.Claim.Source?.PublishedOn ?? recordedOn, claimed.RecordedAt),
            DealAnnounced announced => new ContractAnnounced(snapshot, announced.AnnouncedOn, announced.RecordedAt),
            DealClosed closed => new ContractClosed(snapshot, closed.ClosedOn, closed.RecordedAt),
            DealCancelled cancelled => new ContractCancelled(snapshot, cancelled.Reason, cancelled.CancelledOn, cancelled.RecordedAt),
            TalentAttachedToDeal attached => new ContractTalentAttached(
                snapshot,
                new DealTalent(attached.Talent.TalentId, attached.Talent.PersonId, attached.Talent.Name, attached.Talent.Role),
                recordedOn,
                attached.RecordedAt),
            _ => null,
        };
    }

    private static DealSnapshot Snapshot(Deal deal, long version)
    {
        var value = deal.Current(DealTerm.Value);
        var stake = deal.Current(DealTerm.Stake);
        return new DealSnapshot(
            deal.Id,
            version,
            WireNames.Of(deal.Type),
            deal.Acquirer,
            deal.Target,
            WireNames.Of(deal.Status),
            deal.AnnouncedOn,
            deal.ClosedOn,
            value?.Value is { } money ? new DealValue(money.Amount, money.Currency, WireNames.Of(value.Status)) : null,
            stake?.StakePercent is { } percent ? new DealStake(percent, WireNames.Of(stake.Status)) : null,
            [.. deal.Claims.Select(Claim)]);
    }

    private static DealClaim Claim(TermClaim claim) => new(
        claim.ClaimId,
        WireNames.Of(claim.Term),
        claim.Value?.Amount,
        claim.Value?.Currency,
        claim.StakePercent,
        WireNames.Of(claim.Status),
        claim.Source?.Publisher,
        claim.Source?.Url,
        claim.Source?.PublishedOn,
        claim.Source is null ? null : WireNames.Of(claim.Source.Attribution));

    private static DateOnly? FirstReported(DealRecorded recorded) =>
        recorded.Claims.Select(claim => claim.Source?.PublishedOn).Where(day => day is not null).Min();
}
