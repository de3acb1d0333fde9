using TalentPlatform.Vocabulary;

namespace TalentPlatform.Insights;

/// <summary>
/// The contracts spell their vocabularies as kebab-case strings. Insights reads them into typed values once,
/// where a fact is made, compares those, and spells them the same way again in its answers. Within a
/// contract version enumerations only gain values (docs/integration-events.md, "Versioning"): a word this
/// Insights does not know reads as null and is treated as "other", matching no rule.
/// </summary>
internal static class ContractWords
{
    public const string Other = "other";

    public static TEnum? Read<TEnum>(string? word)
        where TEnum : struct, Enum => WireNames.TryParse<TEnum>(word, out var value) ? value : null;

    public static string Write<TEnum>(TEnum? value)
        where TEnum : struct, Enum => WriteOrNull(value) ?? Other;

    public static string? WriteOrNull<TEnum>(TEnum? value)
        where TEnum : struct, Enum => value is { } known ? WireNames.Of(known) : null;
}
