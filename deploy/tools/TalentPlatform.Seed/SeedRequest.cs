using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TalentPlatform.Seed;

/// <summary>
/// One request of a data folder, in the public API's own format. <see cref="Key"/> names it: it is the
/// request's Idempotency-Key (so loading again adds nothing), and later requests refer to the id it
/// created as <c>{key}</c> in their path or in any string of their body.
/// </summary>
public sealed record SeedRequest(string Key, string Method, string Path, JsonNode? Body);

/// <summary>A file of a data folder: what it holds, and its requests in order.</summary>
public sealed record SeedFile(string Description, IReadOnlyList<SeedRequest> Requests);

public static partial class References
{
    /// <summary>Replaces every <c>{key}</c> with the id the request of that key created.</summary>
    public static string Resolve(string text, IReadOnlyDictionary<string, string> ids) =>
        Reference().Replace(text, match => ids.TryGetValue(match.Groups["key"].Value, out var id)
            ? id
            : throw new KeyNotFoundException($"No earlier request has the key '{match.Groups["key"].Value}'."));

    public static JsonNode? Resolve(JsonNode? body, IReadOnlyDictionary<string, string> ids) =>
        body is null ? null : JsonNode.Parse(Resolve(body.ToJsonString(), ids));

    public static IReadOnlyList<SeedFile> ReadFolder(string folder) =>
        [.. Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal)
            .Select(file => JsonSerializer.Deserialize<SeedFile>(File.ReadAllText(file), JsonSerializerOptions.Web)
                ?? throw new InvalidDataException($"{file} holds no requests."))];

    [GeneratedRegex(@"\{(?<key>[a-z0-9][a-z0-9:._-]*)\}")]
    private static partial Regex Reference();
}
