using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TalentPlatform.Vocabulary;

/// <summary>How much of a date is known.</summary>
public enum DatePrecision
{
    Unknown,
    Year,
    Month,
    Day,
}

/// <summary>
/// A date known to the year, the month or the day — "2025", "2025-07", "2025-07-11" — as the press
/// reports them. Absent (null) means unknown.
/// </summary>
[JsonConverter(typeof(PartialDateJsonConverter))]
public readonly record struct PartialDate(int Year, int? Month = null, int? Day = null)
{
    public DatePrecision Precision => Day is not null ? DatePrecision.Day : Month is not null ? DatePrecision.Month : DatePrecision.Year;

    /// <summary>The first day the date can mean.</summary>
    public DateOnly Earliest => new(Year, Month ?? 1, Day ?? 1);

    /// <summary>The last day the date can mean.</summary>
    public DateOnly Latest => Day is not null
        ? Earliest
        : Month is not null ? new DateOnly(Year, Month.Value, 1).AddMonths(1).AddDays(-1) : new DateOnly(Year, 12, 31);

    /// <summary>True only when every day this date can mean comes before every day <paramref name="other"/> can.</summary>
    public bool IsCertainlyBefore(PartialDate other) => Latest < other.Earliest;

    public static bool TryParse(string? text, out PartialDate date)
    {
        date = default;
        var formats = new[] { ("yyyy-MM-dd", DatePrecision.Day), ("yyyy-MM", DatePrecision.Month), ("yyyy", DatePrecision.Year) };
        foreach (var (format, precision) in formats)
        {
            if (text is not null && text.Length == format.Length
                && DateOnly.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                date = precision switch
                {
                    DatePrecision.Day => new PartialDate(parsed.Year, parsed.Month, parsed.Day),
                    DatePrecision.Month => new PartialDate(parsed.Year, parsed.Month),
                    _ => new PartialDate(parsed.Year),
                };
                return parsed.Year >= 1900;
            }
        }

        return false;
    }

    public override string ToString() => Precision switch
    {
        DatePrecision.Day => Earliest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DatePrecision.Month => Earliest.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => Year.ToString("D4", CultureInfo.InvariantCulture),
    };
}

/// <summary>A date as the API shows it: its text and how precise it is ("unknown" when absent).</summary>
public sealed record DateView(string? Date, DatePrecision Precision)
{
    public static DateView Of(PartialDate? date) => date is { } known ? new(known.ToString(), known.Precision) : new(null, DatePrecision.Unknown);
}

internal sealed class PartialDateJsonConverter : JsonConverter<PartialDate>
{
    public override PartialDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && PartialDate.TryParse(reader.GetString(), out var date)
            ? date
            : throw new JsonException("A date as 2025, 2025-07 or 2025-07-11.");

    public override void Write(Utf8JsonWriter writer, PartialDate value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
