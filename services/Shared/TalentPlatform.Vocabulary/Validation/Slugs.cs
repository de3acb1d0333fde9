using System.Text.RegularExpressions;

namespace TalentPlatform.Vocabulary.Validation;

/// <summary>Organization slugs: lower-case words joined by hyphens, such as <c>google-deepmind</c>.</summary>
public static partial class Slugs
{
    public const int MaxLength = 80;

    public static bool IsValid(string? slug) => slug is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(slug);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
