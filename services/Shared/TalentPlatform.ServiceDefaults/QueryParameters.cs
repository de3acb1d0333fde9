using System.Globalization;
using TalentPlatform.Vocabulary.Validation;

namespace TalentPlatform.ServiceDefaults;

/// <summary>An inclusive range of days; either end may be open.</summary>
public sealed record DayRange(DateOnly? From, DateOnly? To)
{
    public bool Contains(DateOnly? day) => (From is null || day >= From) && (To is null || day <= To);
}

/// <summary>
/// Query parameters read the same way by every service: each bad value is named in the errors given,
/// and the caller answers with one problem listing them all.
/// </summary>
public static class QueryParameters
{
    /// <summary>Dates a query may name: far enough for any fact, near enough that no range asks for unbounded work.</summary>
    public static readonly DateOnly EarliestDay = new(1900, 1, 1);

    public static readonly DateOnly LatestDay = new(2199, 12, 31);

    public static DayRange DateRange(string? from, string? to, ValidationErrors errors)
    {
        var range = new DayRange(Day(from, "from", errors), Day(to, "to", errors));
        errors.When(range.From > range.To, "to", "The range ends before it starts.");
        return range;
    }

    public static DateOnly? Day(string? text, string field, ValidationErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        var valid = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day >= EarliestDay && day <= LatestDay;
        errors.When(!valid, field, "A date such as 2025-06-12, from 1900-01-01 to 2199-12-31.");
        return valid ? day : null;
    }

    /// <summary>A whole number from 1 to <paramref name="max"/>; <paramref name="fallback"/> when absent or not valid.</summary>
    public static int Number(string? text, string field, int max, int fallback, ValidationErrors errors)
    {
        if (text is null)
        {
            return fallback;
        }

        var valid = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= max;
        errors.When(!valid, field, $"A whole number from 1 to {max}.");
        return valid ? number : fallback;
    }

    public static bool Flag(string? text, string field, ValidationErrors errors)
    {
        if (text is null)
        {
            return false;
        }

        var valid = bool.TryParse(text, out var flag);
        errors.When(!valid, field, "true or false.");
        return valid && flag;
    }

    /// <summary>
    /// "As known on that date": a day means its end (UTC), an instant (ISO 8601 with offset) itself; facts
    /// recorded after it are left out.
    /// </summary>
    public static DateTimeOffset? AsOf(string? text, ValidationErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day >= EarliestDay && day <= LatestDay)
        {
            return new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddTicks(-1);
        }

        var hasOffset = text.Contains('T', StringComparison.Ordinal)
            && (text.EndsWith('Z') || text.Contains('+', StringComparison.Ordinal) || text.LastIndexOf('-') > text.IndexOf('T', StringComparison.Ordinal));
        if (hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant)
            && DateOnly.FromDateTime(instant.UtcDateTime) >= EarliestDay && DateOnly.FromDateTime(instant.UtcDateTime) <= LatestDay)
        {
            return instant;
        }

        errors.Add("asOf", "A date (2025-06-15) or an instant with its offset (2025-06-15T12:00:00Z), from 1900 to 2199.");
        return null;
    }
}
