using Xunit.Abstractions;

namespace TalentPlatform.Security.Tests;

[Collection(AttackCollection.Name)]
public sealed class QuotaAttacks(TestPlatform platform, ITestOutputHelper output)
{
    [Fact]
    public async Task A_tenant_over_its_quota_gets_429_with_Retry_After_while_other_tenants_are_served()
    {
        // The test platform gives this tenant 1 request per second with bursts of 5.
        var limited = await platform.IssueKeyAsync(TestPlatform.LimitedTenant, "customer");
        var other = await platform.IssueKeyAsync(Attack.NewTenant("neighbour"), "customer");
        using var flooding = platform.Client(limited.Key);
        using var neighbour = platform.Client(other.Key);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? rejected = null;
        for (var i = 0; i < 20; i++)
        {
            var response = await flooding.GetAsync("/api/compensation/submissions");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && rejected is null)
            {
                rejected = response;
                continue;
            }

            response.Dispose();
        }

        using var served = await neighbour.GetAsync("/api/compensation/submissions");

        output.WriteLine($"20 requests as fast as they go: {statuses.Count(s => s == HttpStatusCode.OK)} served, {statuses.Count(s => s == HttpStatusCode.TooManyRequests)} refused with 429.");
        Assert.NotNull(rejected);
        await rejected.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(rejected.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {rejected.Headers.RetryAfter}");
        Assert.All(statuses, status => Assert.True(status is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, status.ToString()));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        rejected.Dispose();
    }
}
