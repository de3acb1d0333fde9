using Microsoft.AspNetCore.Authorization;
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
            // Never open: a route without its own policy still needs a valid key.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddTransforms(transforms => transforms.AddRequestTransform(context =>
            {
                // Identity is the gateway's to state, never the client's.
                foreach (var header in context.ProxyRequest.Headers.Select(header => header.Key).Where(IsIdentityHeader).ToList())
                {
                    context.ProxyRequest.Headers.Remove(header);
                }

                context.ProxyRequest.Headers.Remove(ApiKeyAuthenticationHandler.HeaderName);
                return ValueTask.CompletedTask;
            }));

        var app = builder.Build();
        app.UseServiceDefaults();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapServiceHealth();
        app.MapReverseProxy();
        await app.RunAsync();
    }

    private static bool IsIdentityHeader(string name) =>
        name.StartsWith("X-Talent-", StringComparison.OrdinalIgnoreCase)
        || name.Equals("X-Tenant-Id", StringComparison.OrdinalIgnoreCase)
        || name.Equals("X-User-Id", StringComparison.OrdinalIgnoreCase);
}
