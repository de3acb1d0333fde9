using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace TalentPlatform.Insights;

/// <summary>One page of the facts behind a figure, and the address of the next (null on the last).</summary>
public sealed record FactsPage<T>(IReadOnlyList<T> Items, int Page, int PageSize, string? NextPage);

/// <summary>
/// What every Insights answer shares: an ETag made of the positions of the read models it reads (the same ETag, the
/// same answer: a client holding it gets a 304 and nothing is read or computed), revalidated on every use; links to
/// the facts behind a figure; and the cursors those pages continue from.
/// </summary>
internal static class Answers
{
    public const string CacheControl = "private, max-age=0, must-revalidate";

    /// <summary>How deep page numbers reach; further on, each page's nextPage continues from a cursor, every page as cheap as the first.</summary>
    public const int MaxOffset = 10_000;

    /// <summary>Sets the ETag and caching headers; true when the client already holds this answer (then answer 304).</summary>
    public static bool IsFresh(HttpContext http, string etag)
    {
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = CacheControl;
        var held = http.Request.Headers.IfNoneMatch;
        return held.Count > 0
            && EntityTagHeaderValue.TryParseList(held, out var tags)
            && tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(new EntityTagHeaderValue(etag), useStrongComparison: false));
    }

    public static string ETag(string answer, Generation generation, params long[] positions) =>
        $"\"{answer}.g{generation.Id}.{string.Join('.', positions.Select(position => position.ToString(CultureInfo.InvariantCulture)))}\"";

    public static IResult NotModified() => TypedResults.StatusCode(StatusCodes.Status304NotModified);

    /// <summary>Answers computed each time (as-of questions) are still never cached unchecked.</summary>
    public static void Uncached(HttpContext http) => http.Response.Headers.CacheControl = CacheControl;

    /// <summary>A link to <paramref name="route"/> with the parameters given (null ones left out).</summary>
    public static string Link(string route, params (string Name, string? Value)[] parameters) =>
        QueryHelpers.AddQueryString(route, parameters.Where(parameter => parameter.Value is not null).Select(parameter => KeyValuePair.Create(parameter.Name, parameter.Value)));

    public static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string? Instant(DateTimeOffset? instant) => instant?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    public static string? Flag(bool flag) => flag ? "true" : null;

    /// <summary>The request's own address for its next page: the same query, the next page number and the cursor to continue from.</summary>
    public static string Next(HttpRequest request, int page, string cursor) =>
        QueryHelpers.AddQueryString(request.Path, request.Query
            .Where(pair => pair.Key is not ("page" or "after"))
            .SelectMany(pair => pair.Value.Select(value => KeyValuePair.Create(pair.Key, value)))
            .Append(KeyValuePair.Create("page", (string?)(page + 1).ToString(CultureInfo.InvariantCulture)))
            .Append(KeyValuePair.Create("after", (string?)cursor)));

    /// <summary>A cursor: the sort key of the last item shown, opaque to clients.</summary>
    public static string Cursor<T>(T key) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(key, ReadModelWriter.Json));

    public static bool TryCursor<T>(string text, out T? key)
    {
        key = default;
        try
        {
            key = JsonSerializer.Deserialize<T>(Base64Url.DecodeFromChars(text), ReadModelWriter.Json);
            return key is not null;
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return false;
        }
    }

    /// <summary>A problem for an answer whose read model this host is still loading.</summary>
    public static IResult Loading(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "1";
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "This answer's read model is still loading on this host; try again in a moment.");
    }
}
