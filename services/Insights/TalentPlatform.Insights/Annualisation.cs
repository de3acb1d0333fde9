namespace TalentPlatform.Insights;

/// <summary>Pay periods made explicit: what a year of it is. One-off pay is never a year of anything.</summary>
public static class Annualisation
{
    public const int HoursPerYear = 2080;

    /// <summary>How many of the period make a year, or null for one-off pay (which is never annualised).</summary>
    public static int? PeriodsPerYear(PayPeriod? period) => period switch
    {
        PayPeriod.Annual => 1,
        PayPeriod.Monthly => 12,
        PayPeriod.Hourly => HoursPerYear,
        _ => null,
    };

    public static string Rule(PayPeriod? period) => period switch
    {
        PayPeriod.Annual => "as reported (annual)",
        PayPeriod.Monthly => "monthly × 12",
        PayPeriod.Hourly => $"hourly × {HoursPerYear}",
        _ => "one-off: not annualised",
    };
}
