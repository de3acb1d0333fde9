using TalentPlatform.Deals.Contracts;

namespace TalentPlatform.Insights;

/// <summary>One report of one term, as Deals published it; null where it named a word Insights does not know.</summary>
public sealed record TermClaim(
    Guid Id,
    DealTerm? Term,
    decimal? Amount,
    string? Currency,
    decimal? StakePercent,
    ClaimStatus? ClaimStatus,
    string? Publisher,
    Uri? Url,
    DateOnly? PublishedOn,
    Attribution? Attribution)
{
    public static TermClaim From(DealClaim claim) => new(
        claim.Id,
        ContractWords.Read<DealTerm>(claim.Term),
        claim.Amount,
        claim.Currency,
        claim.StakePercent,
        ContractWords.Read<ClaimStatus>(claim.ClaimStatus),
        claim.Publisher,
        claim.Url,
        claim.PublishedOn,
        ContractWords.Read<Attribution>(claim.Attribution));
}

/// <summary>
/// One version of a deal as Deals published it, and the interval in which it was the known state: from when it was
/// recorded until the first later version was (<see cref="SupersededAt"/>; null for the current version). Whatever
/// order versions arrive in, each is kept once and the intervals are worked out again from all of them.
/// </summary>
public sealed record DealVersion(
    Guid Id,
    long Version,
    DateTimeOffset RecordedFrom,
    DateTimeOffset? SupersededAt,
    string Type,
    string Acquirer,
    string Target,
    DealStatus? Status,
    DateOnly? AnnouncedOn,
    DateOnly? ClosedOn,
    decimal? Amount,
    string? Currency,
    UsdFigure? Usd,
    ClaimStatus? ClaimStatus,
    decimal? StakePercent,
    IReadOnlyList<TermClaim> Claims)
{
    /// <summary>Announced, or closed since: the deals the answers count.</summary>
    public bool Counted => Status is DealStatus.Announced or DealStatus.Closed;

    public static DealVersion From(DealSnapshot deal, DateTimeOffset recordedAt, UsdRates rates) => new(
        deal.Id,
        deal.Version,
        recordedAt,
        null,
        deal.Type,
        deal.Acquirer,
        deal.Target,
        ContractWords.Read<DealStatus>(deal.Status),
        deal.AnnouncedOn,
        deal.ClosedOn,
        deal.Value?.Amount,
        deal.Value?.Currency,
        deal.Value is { } value ? rates.Convert(value.Amount, value.Currency, deal.AnnouncedOn ?? DateOnly.FromDateTime(recordedAt.UtcDateTime)) : null,
        ContractWords.Read<ClaimStatus>(deal.Value?.ClaimStatus),
        deal.Stake?.Percent,
        [.. (deal.Claims ?? []).Select(TermClaim.From)]);

    /// <summary>The deal's figures (one per term claimed, with every claim on it) and how weak each is.</summary>
    public IEnumerable<(string Kind, short Flags)> Figures() => Claims
        .GroupBy(claim => claim.Term)
        .Select(term => ($"deal-{ContractWords.Write(term.Key)}", ClaimCategories.Flags([.. term.Select(claim => new FigureClaim(claim.ClaimStatus, claim.Attribution, claim.Publisher))])));

    /// <summary>
    /// Each version's interval: it is superseded when the first higher version was recorded (a higher version recorded
    /// earlier than a lower one supersedes it at once), so "as known at t" is the highest version recorded by t.
    /// </summary>
    public static IReadOnlyList<DealVersion> WithIntervals(IEnumerable<DealVersion> versions)
    {
        var ordered = versions.OrderByDescending(version => version.Version).ToList();
        DateTimeOffset? earliestLater = null;
        for (var i = 0; i < ordered.Count; i++)
        {
            var version = ordered[i];
            ordered[i] = version with { SupersededAt = earliestLater };
            earliestLater = earliestLater is { } later && later < version.RecordedFrom ? later : version.RecordedFrom;
        }

        return ordered;
    }
}
