using System.Security.Claims;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;
using TalentPlatform.Gateway.Security;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Gateway.App;

/// <summary>Who the caller's key says it is: what the web app shows and hides by (never the key itself).</summary>
public sealed record Caller(string Role, string Tenant, string Key);

/// <summary>Where the gateway finds the built web app (<c>Gateway:App:Root</c>).</summary>
public sealed class WebAppOptions
{
    public const string Section = "Gateway:App";

    /// <summary>The folder holding index.html and assets/; by default app/ beside the gateway's assembly, where its build puts it.</summary>
    public string? Root { get; set; }
}

/// <summary>
/// The web app (web/, built by the gateway's project into app/ beside its assembly) served at <c>/app</c> from
/// the gateway's own origin, so the browser calls the public API without CORS. Its files need no key (the app
/// asks for one and sends it on every API call as <c>X-Api-Key</c>); every route under <c>/app/</c> that is
/// not a file is the app's own page and gets index.html. <c>GET /api/me</c> tells the app the key's role and
/// tenant, so that it shows each role only what that role may do.
/// </summary>
internal static class WebApp
{
    public const string Path = "/app";
    public const string CallerPath = "/api/me";

    /// <summary>
    /// The app loads nothing from elsewhere and runs no inline script or style: ECharts sets element styles
    /// through the DOM (allowed), draws its tooltips as rich text rather than HTML, and runs without animation
    /// (which would add a style element).
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static WebApplication MapWebApp(this WebApplication app)
    {
        var options = app.Configuration.GetSection(WebAppOptions.Section).Get<WebAppOptions>() ?? new WebAppOptions();
        var root = System.IO.Path.GetFullPath(options.Root ?? System.IO.Path.Combine(AppContext.BaseDirectory, "app"));
        var files = Directory.Exists(root) ? new PhysicalFileProvider(root) : null;

        app.MapGet(CallerPath, (ClaimsPrincipal user) => TypedResults.Ok(new Caller(
                user.FindFirstValue(ClaimTypes.Role) ?? "",
                user.FindFirstValue(TalentClaims.Tenant) ?? "",
                user.FindFirstValue(TalentClaims.KeyName) ?? "")))
            .RequireAuthorization(Policies.Reader)
            .RequireRateLimiting(RateLimits.PolicyName)
            .WithName("GetCaller")
            .WithSummary("The role, tenant and key name (never the key) of the X-Api-Key sent: what the web app shows by.");

        // Routing ignores a trailing slash, so /app and /app/ both land here; /app goes to /app/, which the app's links are relative to.
        app.MapMethods(Path + "/{**path}", [HttpMethods.Get, HttpMethods.Head], (string? path, HttpContext http) =>
                http.Request.Path.Value == Path ? TypedResults.Redirect(Path + "/", permanent: true) : Serve(files, root, path, http))
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(PhysicalFileProvider? files, string root, string? path, HttpContext http)
    {
        var headers = http.Response.Headers;
        headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        if (files is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The web app is not built.",
                detail: $"No built app in {root}: build the gateway (it runs npm in web/) or set Gateway__App__Root.");
        }

        path ??= "";
        var file = path.Length > 0 && !path.EndsWith('/') ? files.GetFileInfo(path) : null;
        if (file is not { Exists: true, IsDirectory: false })
        {
            // A name with an extension is a file that is not there; any other path is one of the app's pages.
            if (System.IO.Path.HasExtension(path))
            {
                return TypedResults.NotFound();
            }

            file = files.GetFileInfo("index.html");
            if (!file.Exists)
            {
                return TypedResults.NotFound();
            }
        }

        // Built assets carry a content hash in their names, so they never change; index.html names the current ones.
        headers[HeaderNames.CacheControl] = path.StartsWith("assets/", StringComparison.Ordinal)
            ? "public, max-age=31536000, immutable"
            : "no-cache";
        var contentType = ContentTypes.TryGetContentType(file.Name, out var type) ? type : "application/octet-stream";
        var lastModified = file.LastModified;
        var etag = new EntityTagHeaderValue($"\"{lastModified.UtcTicks:x}-{file.Length:x}\"");
        return TypedResults.PhysicalFile(file.PhysicalPath!, contentType, lastModified: lastModified, entityTag: etag);
    }
}
