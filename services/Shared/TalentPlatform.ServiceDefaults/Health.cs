using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace TalentPlatform.ServiceDefaults;

public static class Health
{
    /// <summary>Checks that say the process itself is alive; a failure means restart it.</summary>
    public const string Live = "live";

    /// <summary>Checks that say the host can do its work (database, broker, projections); a failure means route around it.</summary>
    public const string Ready = "ready";

    private static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static IHostApplicationBuilder AddHealthDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [Live])
            .AddCheck<SupervisorHealthCheck>("supervisor", tags: [Live]);
        return builder;
    }

    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Live),
            ResponseWriter = WriteReport,
        }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Ready) || check.Tags.Contains(Live),
            ResponseWriter = WriteReport,
        }).AllowAnonymous();
        return app;
    }

    public static Task WriteReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new HealthReportBody(
            report.Status.ToString(),
            report.TotalDuration.TotalMilliseconds,
            report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new HealthEntryBody(
                    entry.Value.Status.ToString(),
                    entry.Value.Description,
                    entry.Value.Duration.TotalMilliseconds,
                    entry.Value.Data.Count == 0 ? null : entry.Value.Data)));
        return context.Response.WriteAsJsonAsync(body, ReportJson, context.RequestAborted);
    }

    private sealed record HealthReportBody(string Status, double DurationMs, IReadOnlyDictionary<string, HealthEntryBody> Checks);

    private sealed record HealthEntryBody(string Status, string? Description, double DurationMs, IReadOnlyDictionary<string, object>? Data);
}

/// <summary>
/// How often the supervisor that runs this host (<c>./deploy/up</c>) restarted it after it exited unexpectedly, and
/// how it last exited: <c>Talent:Supervisor:Restarts</c> and <c>Talent:Supervisor:LastExit</c>, which the
/// supervisor passes to each start. A restarted host that runs is healthy; the count tells ops it crashed.
/// </summary>
internal sealed class SupervisorHealthCheck(IConfiguration configuration) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["restarts"] = configuration.GetValue("Talent:Supervisor:Restarts", 0) };
        if (configuration["Talent:Supervisor:LastExit"] is { Length: > 0 } lastExit)
        {
            data["lastExit"] = lastExit;
        }

        return Task.FromResult(HealthCheckResult.Healthy(data: data));
    }
}
