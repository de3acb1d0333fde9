using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace TalentPlatform.ServiceDefaults;

/// <summary>A stream's version travels as its ETag; <c>If-Match</c> carries it back as the expected version.</summary>
public static class ETags
{
    public static string For(long version) => $"\"{version}\"";

    public static void SetETag(this HttpResponse response, long version) => response.Headers.ETag = For(version);

    /// <summary>
    /// The version named by <c>If-Match</c>: null when the header is absent, false when it is not a
    /// single version ETag such as <c>"3"</c> or <c>W/"3"</c>.
    /// </summary>
    public static bool TryGetExpectedVersion(this HttpRequest request, out long? version)
    {
        version = null;
        var header = request.Headers.IfMatch;
        if (header.Count == 0)
        {
            return true;
        }

        if (header.Count != 1 || !EntityTagHeaderValue.TryParse(header[0], out var tag) || tag.Tag.Length < 3)
        {
            return false;
        }

        if (!long.TryParse(tag.Tag.AsSpan(1, tag.Tag.Length - 2), System.Globalization.NumberStyles.None, null, out var parsed) || parsed < 1)
        {
            return false;
        }

        version = parsed;
        return true;
    }

    /// <summary>400: If-Match names something other than one version.</summary>
    public static IResult InvalidIfMatch() => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { ["If-Match"] = ["One ETag as this resource gives it, such as \"3\"."] },
        title: "The If-Match header is not valid.");

    /// <summary>412: the resource moved on since the version the client named.</summary>
    public static IResult Stale(long currentVersion) => TypedResults.Problem(
        statusCode: StatusCodes.Status412PreconditionFailed,
        title: StaleTitle,
        detail: $"It is at version {currentVersion} now. Read it again for its current ETag, then retry the command if it still applies.");

    public const string StaleTitle = "The resource has changed since the version in If-Match.";
}
