using System.Security.Claims;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using TalentPlatform.Gateway.App;
using TalentPlatform.Gateway.Audit;
using TalentPlatform.Gateway.Docs;
using TalentPlatform.Gateway.Front;
using TalentPlatform.Gateway.Health;
using TalentPlatform.Gateway.Imports;
using TalentPlatform.Gateway.Keys;
using TalentPlatform.Gateway.Security;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms;

namespace TalentPlatform.Gateway;

public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (FrontProxy.IsFront(builder.Configuration))
        {
            await FrontProxy.RunAsync(builder);
            return;
        }

        builder.AddServiceDefaults();
        builder.AddServiceHealthChecks();
        builder.AddGatewayDatabase();
        builder.Services.AddAuditTrail();
        builder.AddTenantRateLimits();
        builder.AddPlatformDocs();

        builder.Services.Configure<ApiKeyOptions>(builder.Configuration.GetSection(ApiKeyOptions.Section));
        builder.Services
            .AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        // The policy names the services use too; never open: a route without its own policy still needs a valid key.
        builder.Services.AddAuthorizationBuilder().AddPlatformPolicies();

        // Read when first needed, so hosts and test factories can supply configuration late.
        builder.Services.AddSingleton(services => GatewayIdentity.SigningKey(services.GetRequiredService<IConfiguration>(), services.GetRequiredService<TimeProvider>()));
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddTransforms(transforms => transforms.AddRequestTransform(ForwardIdentity));
        builder.Services.AddSingleton<Yarp.ReverseProxy.Health.IPassiveHealthCheckPolicy, EjectOnFailure>();

        var app = builder.Build();

        // A gateway without its signing key does not start, rather than answer 500 to every request.
        app.Services.GetRequiredService<SigningKeyFile>();
        app.UseAuditTrail();
        app.UseServiceDefaults();
        app.UseRateLimiter();
        app.MapServiceHealth();
        app.MapAdminEndpoints();
        app.MapPlatformDocs();
        app.MapWebApp();
        app.MapUnknownImportKind();
        app.MapReverseProxy(proxy =>
            {
                proxy.Use(DescribeBackendFailureAsync);
                proxy.Use(ReportBodyTooLargeAsync);
                proxy.Use(ApplyActivityTimeout);
                proxy.Use(RetryRefusedConnectionAsync);
                proxy.UseSessionAffinity();
                proxy.UseLoadBalancing();
                proxy.UsePassiveHealthChecks();
            })
            .ConfigureEndpoints((endpoint, route) => ApplyBodyLimit(endpoint, route));
        await app.RunAsync();
    }

    /// <summary>Route metadata <c>MaxRequestBodyBytes</c> raises the body limit of one route (batches).</summary>
    private static void ApplyBodyLimit(IEndpointConventionBuilder endpoint, RouteConfig route)
    {
        if (route.Metadata?.TryGetValue("MaxRequestBodyBytes", out var text) == true)
        {
            endpoint.WithMetadata(RequestLimits.BodyLimit(long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>
    /// Route metadata <c>ActivityTimeout</c> (imports: 10 min; 10,000-row batches: 2 min, one transaction each) lets a forwarded request sit idle longer than its cluster's
    /// 30 s: an upload waits on the service while it commits each chunk, and with the socket buffers between
    /// them full, one write to the service can wait longer than that without anything being wrong.
    /// </summary>
    private static Task ApplyActivityTimeout(HttpContext context, Func<Task> next)
    {
        if (context.GetReverseProxyFeature() is ReverseProxyFeature proxy
            && proxy.Route.Config.Metadata?.TryGetValue("ActivityTimeout", out var text) == true
            && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var timeout))
        {
            var cluster = proxy.Cluster;
            var request = (cluster.Config.HttpRequest ?? new ForwarderRequestConfig()) with { ActivityTimeout = timeout };
            proxy.Cluster = new ClusterModel(cluster.Config with { HttpRequest = request }, cluster.HttpClient);
        }

        return next();
    }

    /// <summary>
    /// An instance that refused the connection never saw the request, so sending it to another instance of the same
    /// service is safe whatever the method: this does, once per other instance, after passive health
    /// (<see cref="EjectOnFailure"/>) took the refusing one out. So a killed instance costs only the requests it was
    /// working on, not those sent to it before the gateway noticed. A request that did reach an instance (reset,
    /// broken off, timed out) is never sent again: it may have been applied.
    /// </summary>
    internal static async Task RetryRefusedConnectionAsync(HttpContext context, Func<Task> next)
    {
        var proxy = context.GetReverseProxyFeature();
        var tried = new List<DestinationState>();
        while (true)
        {
            await next();
            var error = context.Features.Get<IForwarderErrorFeature>();
            if (error is not { Error: ForwarderError.Request } || !WasRefused(error.Exception) || context.Response.HasStarted
                || proxy.ProxiedDestination is not { } refused)
            {
                return;
            }

            tried.Add(refused);
            var others = proxy.AllDestinations.Where(destination => !tried.Contains(destination)
                && destination.Health.Active != DestinationHealth.Unhealthy && destination.Health.Passive != DestinationHealth.Unhealthy).ToList();
            if (others.Count == 0)
            {
                return;
            }

            proxy.AvailableDestinations = others;
            proxy.ProxiedDestination = null;
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.StatusCode = StatusCodes.Status200OK;
        }
    }

    private static bool WasRefused(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// YARP answers a backend's failure with a bare status; this says, as a problem, which service failed and how: 502
    /// when it could not be reached or broke off its answer, 504 when it did not answer within its route's timeout, 503
    /// when no instance of it is up (its health probes failed). The gateway retries nothing: a write that reached a
    /// service may have been applied, so only the client may send it again (with the same Idempotency-Key).
    /// </summary>
    private static async Task DescribeBackendFailureAsync(HttpContext context, Func<Task> next)
    {
        await next();
        if (context.Response.HasStarted || context.Features.Get<IForwarderErrorFeature>() is null)
        {
            return;
        }

        var service = context.GetReverseProxyFeature()?.Cluster.Config.ClusterId ?? "backend";
        var problem = context.Response.StatusCode switch
        {
            StatusCodes.Status502BadGateway => new ProblemDetails
            {
                Title = $"The {service} service could not be reached or broke off its answer.",
                Detail = "A write may or may not have been applied: send it again with the same Idempotency-Key.",
            },
            StatusCodes.Status503ServiceUnavailable => new ProblemDetails
            {
                Title = $"No instance of the {service} service is available.",
                Detail = "Try again shortly.",
            },
            StatusCodes.Status504GatewayTimeout => new ProblemDetails
            {
                Title = $"The {service} service did not answer in time.",
                Detail = "A write may or may not have been applied: send it again with the same Idempotency-Key.",
            },
            _ => null,
        };
        if (problem is null)
        {
            return;
        }

        problem.Status = context.Response.StatusCode;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    /// <summary>
    /// A body sent without a length that grows past the limit fails while YARP copies it; say so (413)
    /// rather than the generic 400 of a client-side copy failure.
    /// </summary>
    private static async Task ReportBodyTooLargeAsync(HttpContext context, Func<Task> next)
    {
        await next();
        var error = context.Features.Get<IForwarderErrorFeature>()?.Exception;
        for (var exception = error; exception is not null; exception = exception.InnerException)
        {
            if (exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } && !context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }
        }
    }

    /// <summary>
    /// Identity is the gateway's to state, never the client's: whatever identity headers the client sent
    /// are dropped, with its API key, and the gateway's signed token for the authenticated caller is sent.
    /// </summary>
    private static ValueTask ForwardIdentity(RequestTransformContext context)
    {
        var headers = context.ProxyRequest.Headers;
        foreach (var header in headers.Select(header => header.Key).Where(IsIdentityHeader).ToList())
        {
            headers.Remove(header);
        }

        headers.Remove(ApiKeyAuthenticationHandler.HeaderName);
        headers.Remove(HeaderNames.Authorization);

        var user = context.HttpContext.User;
        if (user.Identity?.IsAuthenticated == true)
        {
            var services = context.HttpContext.RequestServices;
            var token = GatewayIdentity.Issue(
                services.GetRequiredService<SigningKeyFile>().Key,
                user.FindFirstValue(TalentClaims.KeyName)!,
                user.FindFirstValue(ClaimTypes.Role)!,
                user.FindFirstValue(TalentClaims.Tenant)!,
                services.GetRequiredService<TimeProvider>().GetUtcNow());
            headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return ValueTask.CompletedTask;
    }

    private static bool IsIdentityHeader(string name) =>
        name.StartsWith("X-Talent-", StringComparison.OrdinalIgnoreCase)
        || name.Equals("X-Tenant-Id", StringComparison.OrdinalIgnoreCase)
        || name.Equals("X-User-Id", StringComparison.OrdinalIgnoreCase);
}
