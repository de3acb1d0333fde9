using Microsoft.Extensions.Configuration;

namespace TalentPlatform.Gateway.Tests;

public sealed class GatewayTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    private static readonly object Deal = new
    {
        type = "minority-stake",
        acquirer = "meta",
        target = "scale-ai",
        announcedOn = "2025-06-12",
        status = "announced",
    };

    [Fact]
    public async Task A_request_without_a_key_is_a_401_problem()
    {
        using var client = host.Client(apiKey: null);

        using var response = await client.GetAsync("/api/deals/01a222b9-766d-74ab-893b-896f1988a39f");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "ApiKey");
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("tp_analyst_gateway_test_key ")]
    [InlineData("TP_ANALYST_GATEWAY_TEST_KEY")]
    public async Task A_request_with_an_unknown_key_is_a_401_problem(string key)
    {
        using var client = host.Client(key);

        using var response = await client.PostAsJsonAsync("/api/deals", Deal);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_customer_recording_a_deal_is_a_403_problem()
    {
        using var client = host.Client(GatewayHost.CustomerKey);

        using var response = await client.PostAsJsonAsync("/api/deals", Deal);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_analyst_rebuilding_projections_is_a_403_problem()
    {
        using var client = host.Client(GatewayHost.AnalystKey);

        using var response = await client.PostAsJsonAsync("/api/insights/admin/rebuilds", new { projection = "deals" });

        await AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_customer_reads_deals_through_the_gateway()
    {
        using var client = host.Client(GatewayHost.CustomerKey);

        using var response = await client.GetAsync("/api/deals/customer-read");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(host.Received.ContainsKey("/api/deals/customer-read"));
    }

    [Fact]
    public async Task An_analyst_records_a_deal_and_no_client_sent_identity_reaches_the_service()
    {
        using var client = host.Client(GatewayHost.AnalystKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/deals/spoofed") { Content = JsonContent.Create(Deal) };
        request.Headers.Add("X-Talent-Tenant", "someone-else");
        request.Headers.Add("X-Talent-Role", "admin");
        request.Headers.Add("X-Tenant-Id", "someone-else");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var headers = host.Received["/api/deals/spoofed"];
        Assert.False(headers.ContainsKey("X-Talent-Tenant"));
        Assert.False(headers.ContainsKey("X-Talent-Role"));
        Assert.False(headers.ContainsKey("X-Tenant-Id"));
        Assert.False(headers.ContainsKey("X-Api-Key"));
    }

    [Fact]
    public async Task The_service_receives_the_callers_identity_signed_by_the_gateway_and_never_the_clients_own()
    {
        using var client = host.Client(GatewayHost.CustomerKey);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/deals/identity-check");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "client-made-token");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var authorization = host.Received["/api/deals/identity-check"]["Authorization"].ToString();
        Assert.StartsWith("Bearer ", authorization, StringComparison.Ordinal);
        // As a service verifies it: ES256, with the public key named by the token's kid.
        var publicKeys = TalentPlatform.ServiceDefaults.Security.GatewayIdentity.PublicKeys(
            new ConfigurationBuilder().AddInMemoryCollection(host.Gateway.Keys.SettingsFor("services/Deals/TalentPlatform.Deals")).Build(),
            TimeProvider.System);
        var validated = await new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().ValidateTokenAsync(
            authorization["Bearer ".Length..],
            TalentPlatform.ServiceDefaults.Security.GatewayIdentity.Validation(publicKeys));
        Assert.True(validated.IsValid, validated.Exception?.Message);
        Assert.Equal("ES256", ((Microsoft.IdentityModel.JsonWebTokens.JsonWebToken)validated.SecurityToken).Alg);
        Assert.Equal(host.Gateway.Keys.Gateway.KeyId, ((Microsoft.IdentityModel.JsonWebTokens.JsonWebToken)validated.SecurityToken).Kid);
        Assert.Equal("customer", validated.Claims["role"]);
        Assert.Equal("test", validated.Claims["tenant"]);
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        using var client = host.Client(GatewayHost.AnalystKey);

        using var response = await client.GetAsync("/api/nothing-here");

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Health_needs_no_key_and_reports_each_service_with_the_worst_as_the_whole()
    {
        using var client = host.Client(apiKey: null);

        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var health = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("Unhealthy", health!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", health["checks"]!["deals"]!["status"]!.GetValue<string>());
        Assert.Equal("Unhealthy", health["checks"]!["people"]!["status"]!.GetValue<string>());
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal((int)status, problem!["status"]!.GetValue<int>());
    }
}
