using TalentPlatform.Vocabulary;

namespace TalentPlatform.Insights;

/// <summary>
/// A price paid for talent — an offer's package or an announced deal's value — with its USD value, kept ranked for
/// talent versus compute (<c>prices</c>).
/// </summary>
/// <param name="PerYear">An offer paid over a schedule, spread over its years (with <paramref name="Years"/> and its <paramref name="Rule"/>).</param>
public sealed record PriceRow(
    string Kind,
    Guid Id,
    string Organization,
    string Counterparty,
    UsdFigure Amount,
    bool UpTo,
    decimal? PerYear,
    int? Years,
    string? Rule,
    string ClaimStatus,
    string Publisher)
{
    /// <summary>An announced (or closed) deal with a value; null otherwise.</summary>
    public static PriceRow? Of(DealVersion deal) => deal.Counted && deal.Usd is { } usd
        ? new PriceRow(
            "deal",
            deal.Id,
            deal.Acquirer,
            deal.Target,
            usd,
            false,
            null,
            null,
            null,
            WireNames.Of(deal.ClaimStatus ?? TalentPlatform.Vocabulary.Claims.ClaimStatus.Reported),
            deal.Claims.FirstOrDefault(claim => claim.Term == DealTerm.Value && claim.Amount == deal.Amount)?.Publisher ?? "")
        : null;

    /// <summary>An offer's price: its total, else its schedule's sum, its sign-on or its base; spread over the schedule's years when it has one.</summary>
    public static PriceRow? Of(OfferFact offer, UsdRates rates)
    {
        if (!offer.Extended)
        {
            return null;
        }

        var package = offer.Package;
        var scheduled = package.Schedule.Count > 0 ? package.Schedule.Sum(year => year.Amount) : (decimal?)null;
        var amount = package.Total ?? scheduled ?? package.SignOn ?? package.Base ?? 0m;
        var candidate = offer.Candidate.Name ?? offer.Candidate.Group ?? offer.Candidate.PersonId?.ToString() ?? "";
        return new PriceRow(
            "offer",
            offer.Id,
            offer.Organization,
            candidate,
            rates.Convert(amount, offer.Currency, offer.ExtendedOn),
            package.UpTo,
            package.Schedule.Count > 0 ? decimal.Round(amount / package.Schedule.Count, 2) : null,
            package.Schedule.Count > 0 ? package.Schedule.Count : null,
            package.Schedule.Count > 0 ? $"total ÷ {package.Schedule.Count} years of the schedule" : null,
            ContractWords.Write(offer.ClaimStatus),
            offer.Publisher);
    }
}

/// <summary>Market heat counts per ISO week, keyed by the week's Monday.</summary>
public static class HeatWeeks
{
    public static DateOnly WeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
