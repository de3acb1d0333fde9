using System.Diagnostics;

namespace TalentPlatform.Gateway.Tests;

/// <summary>
/// Issue 19, F14: what the gateway answers when a service behind it fails — a problem naming the service, with the
/// status that says what happened, and never a second copy of a request the service may already have applied.
/// </summary>
public sealed class BackendFaultTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    [Fact]
    public async Task A_service_that_breaks_off_a_POST_is_a_502_problem_and_the_gateway_never_sends_it_again()
    {
        using var analyst = host.Client(GatewayHost.AnalystKey);

        using var response = await analyst.PostAsJsonAsync("/api/deals/broken", new { type = "acquisition" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadGateway);
        Assert.Contains("deals service", problem["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, host.BrokenReceived);
        using var other = await analyst.GetAsync("/api/deals/other");
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
    }

    [Fact]
    public async Task A_service_that_does_not_answer_within_its_route_timeout_is_a_504_problem_and_the_POST_is_sent_once()
    {
        using var analyst = host.Client(GatewayHost.AnalystKey);
        var waited = Stopwatch.StartNew();

        using var response = await analyst.PostAsJsonAsync("/api/deals/slow", new { type = "acquisition" });

        waited.Stop();
        var problem = await response.AssertProblemAsync(HttpStatusCode.GatewayTimeout);
        Assert.Contains("deals service", problem["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(waited.Elapsed >= GatewayHost.DealsTimeout - TimeSpan.FromMilliseconds(100), $"answered after {waited.Elapsed}");
        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"answered after {waited.Elapsed}");
        Assert.Equal(1, host.SlowReceived);
    }

    [Fact]
    public async Task A_killed_service_is_a_502_problem_then_a_503_once_its_probes_fail_while_other_routes_answer()
    {
        using var customer = host.Client(GatewayHost.CustomerKey);
        using (var before = await customer.GetAsync("/api/webhooks/subscriptions"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await host.KillWebhooksAsync();

        // At once: the gateway still believes in the instance, which refuses the connection.
        using (var refused = await customer.GetAsync("/api/webhooks/subscriptions"))
        {
            var problem = await refused.AssertProblemAsync(HttpStatusCode.BadGateway);
            Assert.Contains("webhooks service", problem["title"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        // Once its health probes have failed, the gateway knows no instance is up and does not try.
        var unavailable = await Eventually.UntilAsync(
            async token =>
            {
                using var response = await customer.GetAsync("/api/webhooks/subscriptions", token);
                return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, Body: await response.Content.ReadAsStringAsync(token));
            },
            answer => answer.StatusCode == HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(30),
            "the gateway to answer 503 for the killed webhooks service");
        Assert.Equal("application/problem+json", unavailable.MediaType);
        Assert.Contains("No instance of the webhooks service is available.", unavailable.Body, StringComparison.Ordinal);

        using var deals = await customer.GetAsync("/api/deals/still-here");
        Assert.Equal(HttpStatusCode.Created, deals.StatusCode);
    }
}
