using TalentPlatform.ServiceDefaults;
using TalentPlatform.Vocabulary.Validation;
using Yarp.ReverseProxy.Configuration;

namespace TalentPlatform.Gateway.Imports;

/// <summary>
/// <c>POST /api/imports?kind=…</c> goes to the service that owns that kind of record: one proxied route per
/// kind, matched on the <c>kind</c> query parameter (YARP's <c>Match.QueryParameters</c>). A kind that no
/// route names, or none at all, lands here instead and is a 400 naming <c>kind</c> and listing the kinds
/// the routes take. Reads (<c>GET /api/imports/{id}</c>) go by the owner the id starts with.
/// </summary>
internal static class ImportKinds
{
    public const string Path = "/api/imports";

    public static WebApplication MapUnknownImportKind(this WebApplication app)
    {
        app.MapPost(Path, (IProxyConfigProvider proxy) => TypedResults.ValidationProblem(
                new ValidationErrors().Add("kind", $"One of {string.Join(", ", Known(proxy))}.").ToDictionary(),
                title: "The import request is not valid."))
            .RequireRateLimiting(RateLimits.PolicyName)
            // So that an upload with an unknown kind hears why, not that it is too large.
            .WithMetadata(RequestLimits.BodyLimit(1L << 30))
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>The kinds the proxied import routes take, in route order.</summary>
    public static IEnumerable<string> Known(IProxyConfigProvider proxy) => proxy.GetConfig().Routes
        .Where(route => route.Match.Path == Path)
        .SelectMany(route => route.Match.QueryParameters ?? [])
        .Where(parameter => string.Equals(parameter.Name, "kind", StringComparison.OrdinalIgnoreCase))
        .SelectMany(parameter => parameter.Values ?? [])
        .Distinct(StringComparer.Ordinal);
}
