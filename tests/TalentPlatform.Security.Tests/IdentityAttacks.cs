using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Security.Tests;

/// <summary>Who may call at all, and as whom: keys, roles, forged identities, and the services behind the gateway.</summary>
[Collection(AttackCollection.Name)]
public sealed class IdentityAttacks(TestPlatform platform)
{
    public static TheoryData<string?> BadKeys => new()
    {
        null,
        "",
        "tp_customer_0000000000000000000000000000000000000000000000000000000000000000",
        "' or 1=1 --",
        new string('k', 10_000),
        "tp_admin_<script>alert(1)</script>",
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task No_key_or_a_malformed_or_unknown_key_is_a_401_on_every_route(string? key)
    {
        using var client = platform.Client(key);

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "/api/deals"), (HttpMethod.Post, "/api/deals"), (HttpMethod.Get, "/api/organizations"),
            (HttpMethod.Get, "/api/compensation/submissions"), (HttpMethod.Get, "/api/insights/deals/league-table"),
            (HttpMethod.Get, "/api/admin/tenants"), (HttpMethod.Post, "/api/admin/tenants"),
        })
        {
            using var request = new HttpRequestMessage(method, path) { Content = method == HttpMethod.Post ? Attack.Json(Attack.Deal) : null };
            using var response = await client.SendAsync(request);
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task A_revoked_key_is_a_401_and_so_is_the_old_key_after_a_rotation()
    {
        var revoked = await platform.IssueKeyAsync(Attack.NewTenant("revoked"), "customer");
        var rotated = await platform.IssueKeyAsync(Attack.NewTenant("rotated"), "customer");
        using var admin = platform.Admin();
        using var client = platform.Client(revoked.Key);
        using var before = await client.GetAsync("/api/compensation/submissions");

        (await admin.PostAsync($"/api/admin/keys/{revoked.Id}/revoke", null)).Dispose();
        (await admin.PostAsync($"/api/admin/keys/{rotated.Id}/rotate", null)).Dispose();
        using var afterRevoke = await client.GetAsync("/api/compensation/submissions");
        using var afterRotate = await platform.Client(rotated.Key).GetAsync("/api/compensation/submissions");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        await afterRevoke.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await afterRotate.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("customer", "POST", "/api/deals")]
    [InlineData("customer", "POST", "/api/organizations")]
    [InlineData("customer", "POST", "/api/people")]
    [InlineData("customer", "POST", "/api/compensation/observations")]
    [InlineData("customer", "POST", "/api/admin/tenants")]
    [InlineData("customer", "GET", "/api/admin/tenants")]
    [InlineData("analyst", "POST", "/api/admin/tenants")]
    [InlineData("analyst", "POST", "/api/insights/admin/rebuilds")]
    [InlineData("analyst", "GET", "/api/compensation/submissions")]
    [InlineData("analyst", "POST", "/api/compensation/submissions")]
    [InlineData("analyst", "POST", "/api/compensation/submissions/batch")]
    [InlineData("admin", "GET", "/api/compensation/submissions")]
    public async Task A_key_of_the_wrong_role_is_a_403(string role, string method, string path)
    {
        var key = await platform.IssueKeyAsync(Attack.NewTenant("roles"), role);
        using var client = platform.Client(key.Key);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? Attack.Json("{}") : null,
        });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Identity_headers_and_tokens_a_client_sends_are_ignored()
    {
        var victim = await platform.IssueKeyAsync(Attack.NewTenant("victim"), "customer");
        var attacker = await platform.IssueKeyAsync(Attack.NewTenant("attacker"), "customer");
        using var victimClient = platform.Client(victim.Key);
        await victimClient.PostJsonAsync("/api/compensation/submissions", Attack.Row).CreatedIdAsync();
        var forged = GatewayIdentity.Issue(TestIdentity.Key, "forged", "customer", victim.Tenant, DateTimeOffset.UtcNow);

        using var attackerClient = platform.Client(attacker.Key);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/compensation/submissions");
        request.Headers.Add("X-Tenant-Id", victim.Tenant);
        request.Headers.Add("X-Talent-Tenant", victim.Tenant);
        request.Headers.Add("X-Talent-Role", "admin");
        request.Headers.Add("X-User-Id", "victim");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", forged);
        using var response = await attackerClient.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await response.Content.ReadFromJsonAsync<JsonObject>())!["totalItems"]!.GetValue<int>());
        Assert.Equal(1, await victimClient.TotalItemsAsync("/api/compensation/submissions"));
    }

    [Fact]
    public async Task Every_service_called_around_the_gateway_is_a_401_without_the_gateways_token_or_with_a_forged_one()
    {
        var forger = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));
        var forged = GatewayIdentity.Issue(forger, "forger", "admin", "test", DateTimeOffset.UtcNow);
        var expired = GatewayIdentity.Issue(TestIdentity.Key, "late", "admin", "test", DateTimeOffset.UtcNow.AddMinutes(-10));
        var unsigned = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(
            """{"iss":"talent-gateway","aud":"talent-services","sub":"x","role":"admin","tenant":"test"}""");
        var services = new[]
        {
            (platform.Deals.Address, "/api/deals"),
            (platform.People.Address, "/api/organizations"),
            (platform.Compensation.Address, "/api/compensation/observations"),
            (platform.Insights.Address, "/api/insights/deals/league-table"),
        };

        foreach (var (address, path) in services)
        {
            using var direct = new HttpClient { BaseAddress = address };
            foreach (var token in new string?[] { null, forged, expired, unsigned, "not-a-token" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                if (token is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                request.Headers.Add("X-Api-Key", platform.AdminKey);
                using var response = await direct.SendAsync(request);
                await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
            }
        }
    }
}
