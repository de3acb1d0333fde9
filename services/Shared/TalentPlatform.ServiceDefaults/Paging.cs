using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using TalentPlatform.Vocabulary.Validation;

namespace TalentPlatform.ServiceDefaults;

/// <summary>One page of a list, and how to ask for the next.</summary>
/// <param name="NextPage">The address of the next page, or null on the last one.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, long TotalItems, string? NextPage);

/// <summary>Paged lists, the same everywhere: <c>page</c> from 1, <c>pageSize</c> up to 200 (default 50).</summary>
public static class Paging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>Reads <c>page</c> and <c>pageSize</c> from the query; out-of-range values are errors, not silently capped.</summary>
    public static (int Page, int PageSize) Read(HttpRequest request, ValidationErrors errors) => (
        QueryParameters.Number(request.Query["page"], "page", int.MaxValue, 1, errors),
        QueryParameters.Number(request.Query["pageSize"], "pageSize", MaxPageSize, DefaultPageSize, errors));

    public static Page<T> Of<T>(HttpRequest request, IReadOnlyList<T> items, int page, int pageSize, long totalItems)
    {
        var hasNext = (long)page * pageSize < totalItems;
        var next = hasNext
            ? QueryHelpers.AddQueryString(request.Path, request.Query
                .Where(pair => pair.Key != "page")
                .SelectMany(pair => pair.Value.Select(value => KeyValuePair.Create(pair.Key, value)))
                .Append(KeyValuePair.Create("page", (string?)(page + 1).ToString(CultureInfo.InvariantCulture))))
            : null;
        return new Page<T>(items, page, pageSize, totalItems, next);
    }
}
