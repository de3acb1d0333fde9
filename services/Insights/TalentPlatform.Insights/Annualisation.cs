namespace TalentPlatform.Insights;

/// <summary>Pay periods made explicit: what a year of it is. One-off pay is never a year of anything.</summary>
public static class Annualisation
{
    public const int HoursPerYear = 2080;

    /// <summary>How many of the period make a year, or null for one-off pay (which is never annualised).</summary>
    public static int? PeriodsPerYear(string period) => period switch
    {
        "annual" => 1,
        "monthly" => 12,
        "hourly" => HoursPerYear,
        _ => null,
    };

    public static string Rule(string period) => period switch
    {
        "annual" => "as reported (annual)",
        "monthly" => "monthly × 12",
        "hourly" => $"hourly × {HoursPerYear}",
        _ => "one-off: not annualised",
    };
}
