
namespace TalentPlatform.Insights;

/// <summary>
/// A figure in US dollars with how it got there: the original amount and currency, and — when it was
/// converted — the rate, the rate's date and its source. With no rate in force on the fact's date the
/// figure stays unconverted (<see cref="Usd"/> null, <see cref="Unconverted"/> true): never 1:1.
/// </summary>
public sealed record UsdFigure(decimal Amount, string Currency, decimal? Usd, decimal? Rate, DateOnly? RateOn, string? RateSource)
{
    public bool Unconverted => Usd is null;
}

/// <summary>The FX rates known (as of a moment), and conversion with them.</summary>
public sealed class UsdRates(IReadOnlyList<FxRate> rates)
{
    private readonly ILookup<string, FxRate> _byCurrency = rates.ToLookup(rate => rate.Currency, StringComparer.Ordinal);

    public static async Task<UsdRates> LoadAsync(IQuerySession session, DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        var rates = await session.Query<FxRate>().ToListAsync(cancellationToken);
        return new UsdRates(asOf is { } known ? [.. rates.Where(rate => rate.RecordedAt <= known)] : rates);
    }

    /// <summary>The rate in force on <paramref name="on"/>: the latest dated on or before it (the latest recorded among equals).</summary>
    public FxRate? RateFor(string currency, DateOnly on) => _byCurrency[currency]
        .Where(rate => rate.On <= on)
        .OrderByDescending(rate => rate.On)
        .ThenByDescending(rate => rate.RecordedAt)
        .FirstOrDefault();

    public UsdFigure Convert(decimal amount, string currency, DateOnly on)
    {
        if (currency == "USD")
        {
            return new UsdFigure(amount, currency, amount, null, null, null);
        }

        return RateFor(currency, on) is { } rate
            ? new UsdFigure(amount, currency, decimal.Round(amount * rate.UsdPerUnit, 2), rate.UsdPerUnit, rate.On, rate.Source.Publisher)
            : new UsdFigure(amount, currency, null, null, null, null);
    }
}
