using System.Collections.Frozen;
using System.Text.Json;

namespace TalentPlatform.Vocabulary;

/// <summary>
/// Enumerations as the public API and the contracts spell them: kebab-case (<c>minority-stake</c>),
/// the same as the strict JSON options of every host write them, for query strings and integration events.
/// </summary>
public static class WireNames
{
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum => Names<TEnum>.ByValue[value];

    public static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum => Names<TEnum>.ByName.TryGetValue(text ?? "", out value);

    /// <summary>Every name of <typeparamref name="TEnum"/>, for error messages.</summary>
    public static string All<TEnum>()
        where TEnum : struct, Enum => string.Join(", ", Names<TEnum>.ByValue.Values.Order(StringComparer.Ordinal));

    private static class Names<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> ByValue = Enum.GetValues<TEnum>()
            .ToFrozenDictionary(value => value, value => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString()));

        public static readonly FrozenDictionary<string, TEnum> ByName = ByValue
            .ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);
    }
}
