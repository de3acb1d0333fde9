using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy;

namespace TalentPlatform.Gateway.Health;

/// <summary>
/// The readiness of one service behind the gateway, asked of the destinations YARP routes to, so the
/// health page and the proxy can never disagree about where a service lives. Beside each destination's status
/// it shows what ops look at first: its restarts, its publisher's lag and its consumer and error queues. A service
/// with several instances is degraded while some of them are down, and unhealthy only when none is up.
/// </summary>
internal sealed class ServiceHealthCheck(string cluster, IProxyStateLookup proxy, IHttpClientFactory clients) : IHealthCheck
{
    public const string HttpClientName = "service-health";
    public const string Tag = "services";

    /// <summary>The checks of a service whose data is shown as <c>&lt;destination&gt;.&lt;check&gt;</c>.</summary>
    private static readonly string[] Shown = ["supervisor", "publisher", "consumers"];

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!proxy.TryGetCluster(cluster, out var state) || state.Destinations.IsEmpty)
        {
            return HealthCheckResult.Unhealthy($"No destination is configured for {cluster}.");
        }

        var client = clients.CreateClient(HttpClientName);
        var results = new Dictionary<string, object>();
        var worst = HealthStatus.Healthy;
        var best = HealthStatus.Unhealthy;
        foreach (var (name, destination) in state.Destinations)
        {
            var (status, checks) = await ProbeAsync(client, destination.Model.Config.Address, cancellationToken);
            results[name] = status.ToString();
            foreach (var (check, data) in checks)
            {
                results[$"{name}.{check}"] = data;
            }

            worst = status < worst ? status : worst;
            best = status > best ? status : best;
        }

        // With several instances, the service answers as long as one does: degraded, not down, while another is out.
        var overall = state.Destinations.Count > 1 && worst < best ? HealthStatus.Degraded : worst;
        return new HealthCheckResult(overall, data: results);
    }

    private static async Task<(HealthStatus Status, List<(string Check, JsonElement Data)> Checks)> ProbeAsync(HttpClient client, string address, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(new Uri(new Uri(address), "/health/ready"), cancellationToken);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var report = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            var checks = new List<(string, JsonElement)>();
            if (report.RootElement.TryGetProperty("checks", out var entries) && entries.ValueKind == JsonValueKind.Object)
            {
                foreach (var check in Shown)
                {
                    if (entries.TryGetProperty(check, out var entry) && entry.ValueKind == JsonValueKind.Object
                        && entry.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
                    {
                        checks.Add((check, data.Clone()));
                    }
                }
            }

            // 503 when the service is unhealthy, with its report: its data is what tells why.
            if (!response.IsSuccessStatusCode)
            {
                return (HealthStatus.Unhealthy, checks);
            }

            return (report.RootElement.TryGetProperty("status", out var status) && Enum.TryParse<HealthStatus>(status.GetString(), out var parsed)
                ? parsed
                : HealthStatus.Degraded, checks);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
        {
            return (HealthStatus.Unhealthy, []);
        }
    }
}

internal static class ServiceHealthChecks
{
    /// <summary>One check per YARP cluster, reported by <c>GET /health</c>.</summary>
    public static IHostApplicationBuilder AddServiceHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(ServiceHealthCheck.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(3));
        var checks = builder.Services.AddHealthChecks();
        foreach (var cluster in builder.Configuration.GetSection("ReverseProxy:Clusters").GetChildren())
        {
            checks.Add(new HealthCheckRegistration(
                cluster.Key,
                services => ActivatorUtilities.CreateInstance<ServiceHealthCheck>(services, cluster.Key),
                failureStatus: HealthStatus.Unhealthy,
                tags: [ServiceHealthCheck.Tag]));
        }

        return builder;
    }

    public static WebApplication MapServiceHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            // The services behind the gateway, and the gateway itself (alive, and its issued keys current).
            Predicate = check => check.Tags.Contains(ServiceHealthCheck.Tag)
                || check.Tags.Contains(TalentPlatform.ServiceDefaults.Health.Live)
                || check.Tags.Contains(TalentPlatform.ServiceDefaults.Health.Ready),
            ResponseWriter = TalentPlatform.ServiceDefaults.Health.WriteReport,
        }).AllowAnonymous();
        return app;
    }
}
