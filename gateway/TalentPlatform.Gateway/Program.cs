using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Net.Http.Headers;
using TalentPlatform.ServiceDefaults.Security;
using Roles = TalentPlatform.Gateway.Security.Roles;
using Yarp.ReverseProxy.Transforms;
using TalentPlatform.Gateway.Health;
using TalentPlatform.Gateway.Security;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Gateway;

public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddServiceHealthChecks();

        builder.Services.Configure<ApiKeyOptions>(builder.Configuration.GetSection(ApiKeyOptions.Section));
        builder.Services
            .AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Reader, policy => policy.RequireRole(Roles.All))
            .AddPolicy(Policies.MarketWriter, policy => policy.RequireRole(Roles.Analyst, Roles.Admin))
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(Policies.TenantData, policy => policy.RequireRole(Roles.Customer))
            // Never open: a route without its own policy still needs a valid key.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        // Read when first needed, so hosts and test factories can supply configuration late.
        builder.Services.AddSingleton(services => GatewayIdentity.SigningKey(services.GetRequiredService<IConfiguration>()));
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddTransforms(transforms => transforms.AddRequestTransform(ForwardIdentity));

        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapServiceHealth();
        app.MapReverseProxy();
        await app.RunAsync();
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
                services.GetRequiredService<SymmetricSecurityKey>(),
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
