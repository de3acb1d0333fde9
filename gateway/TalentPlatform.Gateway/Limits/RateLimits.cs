using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using TalentPlatform.Gateway.Security;

namespace TalentPlatform.Gateway;

/// <summary>How many requests a tenant may make: a token bucket per tenant, shared by every gateway instance.</summary>
/// <param name="PermitsPerSecond">Sustained requests per second.</param>
/// <param name="Burst">Requests that may come at once after a quiet spell.</param>
public sealed record TenantQuota(int PermitsPerSecond, int Burst);

/// <summary>
/// Quotas per tenant, so one tenant's traffic never spends another's: every route (proxied or the admin
/// API) names the policy <see cref="PolicyName"/>, partitioned by the caller's tenant. Over quota is a 429
/// problem with <c>Retry-After</c>. Configuration <c>Gateway:RateLimits</c>: <c>PermitsPerSecond</c> and
/// <c>Burst</c> for every tenant (default 1000 and 2000: generous, the platform's own throughput is lower),
/// and <c>Tenants:{tenant}:PermitsPerSecond|Burst</c> for a tenant of its own.
/// <para>
/// The limiter runs after authorization, so a request without a valid key is a 401 that spends no quota,
/// and the partitions are the tenants that exist, not whatever an anonymous caller sends.
/// </para>
/// <para>
/// The bucket lives in the gateway's database (<see cref="SharedQuota"/>), so a tenant's quota holds across
/// gateway instances; each instance leases permits from it in small batches rather than asking per request.
/// </para>
/// </summary>
internal static class RateLimits
{
    public const string PolicyName = "per-tenant";
    public const string Section = "Gateway:RateLimits";
    private static readonly TenantQuota Default = new(1000, 2000);

    public static IHostApplicationBuilder AddTenantRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SharedQuota>();
        builder.Services.AddRateLimiter(options =>
        {
            options.AddPolicy(PolicyName, context =>
            {
                var tenant = context.User.FindFirstValue(TalentClaims.Tenant) ?? "";
                var quota = QuotaOf(context.RequestServices.GetRequiredService<IConfiguration>(), tenant);
                // The quota is part of the partition, so a changed configuration takes effect.
                return RateLimitPartition.Get((tenant, quota), key => new SharedTokenBucket(context.RequestServices.GetRequiredService<SharedQuota>(), key.tenant, key.quota));
            });
            options.OnRejected = RejectAsync;
        });
        return builder;
    }

    public static TenantQuota QuotaOf(IConfiguration configuration, string tenant)
    {
        var all = configuration.GetSection(Section);
        var own = all.GetSection("Tenants").GetSection(tenant);
        var permits = own.GetValue<int?>("PermitsPerSecond") ?? all.GetValue("PermitsPerSecond", Default.PermitsPerSecond);
        var burst = own.GetValue<int?>("Burst") ?? all.GetValue("Burst", Default.Burst);
        return new TenantQuota(Math.Max(1, permits), Math.Max(1, burst));
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Your tenant is over its request quota.",
                Detail = $"Retry after {seconds} s.",
            },
        });
    }
}
