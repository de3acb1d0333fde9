using System.Net.Http.Headers;
using System.Security.Cryptography;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Deals.Tests;

/// <summary>A service trusts only what the gateway signed: called around the gateway, it answers 401.</summary>
public sealed class GatewayIdentityTests(DealsApi api) : IClassFixture<DealsApi>
{
    [Fact]
    public async Task A_direct_call_without_the_gateways_token_is_a_401()
    {
        using var client = api.Host.CreateClient();

        using var read = await client.GetAsync("/api/deals");
        using var write = await client.PostJsonAsync("/api/deals", DealsApi.MetaScale);

        await read.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await write.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_signed_with_any_other_key_is_a_401()
    {
        var forger = PlatformKeys.Named(ECDsa.Create(ECCurve.NamedCurves.nistP256));

        using var response = await SendAsync(GatewayIdentity.Issue(forger, "forger", "admin", "someone-else", DateTimeOffset.UtcNow));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_expired_token_is_a_401()
    {
        using var response = await SendAsync(api.Host.Keys.Issue("analyst", at: DateTimeOffset.UtcNow.AddMinutes(-10)));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_gateways_token_is_accepted()
    {
        using var response = await SendAsync(api.Host.Keys.Issue("analyst"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Health_probes_need_no_token()
    {
        using var client = api.Host.CreateClient();

        using var live = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(string token)
    {
        using var client = api.Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/deals");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }
}
