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

/// <summary>A set of FX rates (a generation's, or those known at a moment), and conversion with them.</summary>
public sealed class UsdRates(IReadOnlyList<FxRate> rates)
{
    // Each currency's rates by date, then by when they were recorded (the first given last among full ties): the rate
    // in force is the last one dated by the day.
    private readonly Dictionary<string, FxRate[]> _byCurrency = rates
        .Select((rate, given) => (Rate: rate, Given: given))
        .GroupBy(item => item.Rate.Currency, StringComparer.Ordinal)
        .ToDictionary(
            currency => currency.Key,
            currency => currency.OrderBy(item => item.Rate.On).ThenBy(item => item.Rate.RecordedAt).ThenByDescending(item => item.Given).Select(item => item.Rate).ToArray(),
            StringComparer.Ordinal);

    public IReadOnlyList<FxRate> Known => rates;

    /// <summary>The rate in force on <paramref name="on"/>: the latest dated on or before it (the latest recorded among equals).</summary>
    public FxRate? RateFor(string currency, DateOnly on)
    {
        if (!_byCurrency.TryGetValue(currency, out var dated))
        {
            return null;
        }

        var low = 0;
        var high = dated.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (dated[middle].On <= on)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low == 0 ? null : dated[low - 1];
    }

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
