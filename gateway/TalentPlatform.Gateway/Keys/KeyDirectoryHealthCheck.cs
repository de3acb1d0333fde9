using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TalentPlatform.Gateway.Keys;

/// <summary>Unhealthy while the issued keys are not current: not loaded yet, or not confirmed lately.</summary>
internal sealed class KeyDirectoryHealthCheck(ApiKeyDirectory directory, TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan Stale = TimeSpan.FromSeconds(10);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            directory.Generation < 0 ? HealthCheckResult.Unhealthy("The issued API keys are not loaded yet.")
            : time.GetUtcNow() - directory.ConfirmedAt > Stale ? HealthCheckResult.Degraded("The issued API keys could not be confirmed lately.")
            : HealthCheckResult.Healthy());
}
