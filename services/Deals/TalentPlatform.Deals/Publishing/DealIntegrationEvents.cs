using System.Text.Json;
using JasperFx.Events;
using TalentPlatform.Deals.Contracts;
using TalentPlatform.Messaging;

namespace TalentPlatform.Deals.Publishing;

/// <summary>The one place where Deals' domain events become the contract other teams depend on.</summary>
internal sealed class DealIntegrationEvents : IIntegrationEventMapper
{
    public object? ToIntegrationEvent(IEvent @event) => @event.Data switch
    {
        DealRecorded { Status: DealStatus.Announced, AnnouncedOn: { } announcedOn } recorded => new DealAnnounced(
            recorded.DealId,
            Wire(recorded.Type),
            recorded.Acquirer,
            recorded.Target,
            Wire(recorded.Value),
            announcedOn,
            recorded.RecordedAt),
        DealRecorded recorded => new DealRumoured(
            recorded.DealId,
            Wire(recorded.Type),
            recorded.Acquirer,
            recorded.Target,
            Wire(recorded.Value),
            recorded.RecordedAt),
        _ => null,
    };

    private static DealValue? Wire(ClaimedValue? value) =>
        value is null ? null : new DealValue(value.Amount, value.Currency, Wire(value.Status));

    private static string Wire<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
