using TalentPlatform.Deals.Contracts;

namespace TalentPlatform.Webhooks;

/// <summary>
/// An integration event as webhooks see it: the names it answers to (the first a subscription wants names
/// the delivery), what it is about (deliveries about one subject go out in order) and what filters read.
/// </summary>
/// <param name="Types">Catalogue names, most specific first: a deal recorded as announced is both deal.announced and deal.recorded.</param>
/// <param name="Subject">deal:{id}, person:{id} for a named move, move:{id} for a group move.</param>
/// <param name="Kind">The deal's type, or named / group for a move: what <see cref="SubscriptionFilter.Type"/> matches.</param>
public sealed record WebhookEvent(IReadOnlyList<string> Types, string Subject, IReadOnlyList<string> Organizations, string Kind, object Data)
{
    public const string DealRecorded = "deal.recorded";
    public const string DealAnnounced = "deal.announced";
    public const string DealTermsChanged = "deal.terms-changed";
    public const string DealClosed = "deal.closed";
    public const string DealCancelled = "deal.cancelled";
    public const string TalentMoved = "talent.moved";

    /// <summary>Every event a subscription may ask for.</summary>
    public static readonly IReadOnlyList<string> Catalogue = [DealRecorded, DealAnnounced, DealTermsChanged, DealClosed, DealCancelled, TalentMoved];

    /// <summary>What <see cref="SubscriptionFilter.Type"/> may name.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["acquisition", "merger", "majority-stake", "minority-stake", "acquihire", "licence-and-hire", "named", "group"];

    public static WebhookEvent? From(object message) => message switch
    {
        DealRumoured rumoured => Deal([DealRecorded], rumoured.Deal, rumoured),
        // Version 1: recorded as announced, so it is news to a deal.recorded subscriber too.
        Deals.Contracts.DealAnnounced announced => Deal(announced.Deal.Version == 1 ? [DealAnnounced, DealRecorded] : [DealAnnounced], announced.Deal, announced),
        Deals.Contracts.DealTermsChanged changed => Deal([DealTermsChanged], changed.Deal, changed),
        Deals.Contracts.DealClosed closed => Deal([DealClosed], closed.Deal, closed),
        Deals.Contracts.DealCancelled cancelled => Deal([DealCancelled], cancelled.Deal, cancelled),
        People.Contracts.TalentMoved moved => new WebhookEvent(
            [TalentMoved],
            moved.PersonId is { } person ? $"person:{person}" : $"move:{moved.MoveId}",
            [moved.From, moved.To],
            moved.PersonId is null ? "group" : "named",
            moved),
        _ => null,
    };

    private static WebhookEvent Deal(IReadOnlyList<string> types, DealSnapshot deal, object message) =>
        new(types, $"deal:{deal.Id}", [deal.Acquirer, deal.Target], deal.Type, message);
}
