using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TalentPlatform.Messaging;
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

        // Even a token the gateway's own key signed, for the victim's tenant: the gateway replaces it with its own.
        var forged = platform.Keys.Issue("customer", victim.Tenant, "forged");

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

    /// <summary>Tokens anyone but the gateway could make, each sent to every service around the gateway.</summary>
    public static TheoryData<string> ForgedTokens => new()
    {
        "none",
        "not-a-token",
        "unsigned",
        "another-ec-key",
        "another-ec-key-claiming-the-gateways-kid",
        "another-ec-key-with-its-public-key-in-the-header",
        "compensations-message-key",
        "compensations-message-key-claiming-the-gateways-kid",
        "hs256-keyed-with-the-public-key-pem",
        "hs256-keyed-with-the-public-key-der",
        "hs256-keyed-with-the-public-key-point",
        "no-kid",
        "expired-beyond-the-skew",
        "not-yet-valid-beyond-the-skew",
        "other-issuer",
        "other-audience",
    };

    [Theory]
    [MemberData(nameof(ForgedTokens))]
    public async Task Every_service_called_around_the_gateway_refuses_a_token_the_gateway_did_not_sign(string forgery)
    {
        var token = Forge(forgery);

        foreach (var (address, path) in Services)
        {
            using var direct = new HttpClient { BaseAddress = address };
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

    [Fact]
    public async Task Every_service_takes_the_gateways_token_and_one_expired_within_the_30_second_skew()
    {
        // Each token is issued just before its request, so a slow machine does not age the expired one past the skew.
        foreach (var issue in new Func<string>[]
        {
            () => platform.Keys.Issue("admin"),
            () => platform.Keys.Issue("admin", at: DateTimeOffset.UtcNow - GatewayIdentity.Lifetime - TimeSpan.FromSeconds(10)),
        })
        {
            foreach (var (address, path) in Services)
            {
                var token = issue();
                using var direct = new HttpClient { BaseAddress = address };
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await direct.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }
    }

    [Fact]
    public void No_service_holds_a_private_key_but_Compensation_its_own_message_key_and_the_gateway_its_identity_key()
    {
        var hosts = new (string Name, Func<string, string?> Setting)[]
        {
            ("deals", platform.Deals.Setting), ("people", platform.People.Setting),
            ("compensation", platform.Compensation.Setting), ("insights", platform.Insights.Setting),
            ("webhooks", platform.Webhooks.Setting), ("gateway", platform.Gateway.Setting),
        };
        string[] keySettings =
        [
            GatewayIdentity.SigningKeyFileSetting, GatewayIdentity.PublicKeysFileSetting,
            MessageSignatures.SigningKeyFileSetting, MessageSignatures.SenderKeysSetting("compensation"),
        ];

        var privateKeys = (from host in hosts
                           from setting in keySettings
                           let file = host.Setting(setting)
                           where file is not null && File.ReadAllText(file).Contains("PRIVATE KEY", StringComparison.Ordinal)
                           select $"{host.Name}: {setting}").ToList();

        Assert.Equal(["compensation: Messaging:SigningKeyFile", "gateway: Identity:SigningKeyFile"], privateKeys.Order());
        Assert.NotEqual(platform.Keys.Gateway.KeyId, platform.Keys.Compensation.KeyId);
    }

    private (Uri Address, string Path)[] Services =>
    [
        (platform.Deals.Address, "/api/deals"),
        (platform.People.Address, "/api/organizations"),
        (platform.Compensation.Address, "/api/compensation/observations"),
        (platform.Insights.Address, "/api/insights/deals/league-table"),
    ];

    private string? Forge(string forgery)
    {
        var now = DateTimeOffset.UtcNow;
        var gateway = platform.Keys.Gateway;
        var claims = new Dictionary<string, object> { ["sub"] = "forger", ["role"] = "admin", ["tenant"] = "test" };
        var publicPem = PlatformKeys.PublicPem(gateway.ECDsa);
        var point = gateway.ECDsa.ExportParameters(false).Q;
        return forgery switch
        {
            "none" => null,
            "not-a-token" => "not-a-token",
            "unsigned" => new JsonWebTokenHandler().CreateToken(
                """{"iss":"talent-gateway","aud":"talent-services","sub":"x","role":"admin","tenant":"test"}"""),
            "another-ec-key" => GatewayIdentity.Issue(PlatformKeys.Named(TestKeys.NewKey()), "forger", "admin", "test", now),
            "another-ec-key-claiming-the-gateways-kid" => GatewayIdentity.Issue(Claiming(TestKeys.NewKey(), gateway.KeyId), "forger", "admin", "test", now),
            "another-ec-key-with-its-public-key-in-the-header" => Embedding(PlatformKeys.Named(TestKeys.NewKey()), now),
            "compensations-message-key" => GatewayIdentity.Issue(platform.Keys.Compensation, "forger", "admin", "test", now),
            "compensations-message-key-claiming-the-gateways-kid" => GatewayIdentity.Issue(Claiming(platform.Keys.Compensation.ECDsa, gateway.KeyId), "forger", "admin", "test", now),
            "hs256-keyed-with-the-public-key-pem" => Hs256(Encoding.UTF8.GetBytes(publicPem), gateway.KeyId, claims, now),
            "hs256-keyed-with-the-public-key-der" => Hs256(gateway.ECDsa.ExportSubjectPublicKeyInfo(), gateway.KeyId, claims, now),
            "hs256-keyed-with-the-public-key-point" => Hs256([.. point.X!, .. point.Y!], gateway.KeyId, claims, now),
            "no-kid" => GatewayIdentity.Issue(new ECDsaSecurityKey(gateway.ECDsa), "forger", "admin", "test", now),
            "expired-beyond-the-skew" => platform.Keys.Issue("admin", at: now - GatewayIdentity.Lifetime - GatewayIdentity.ClockSkew - TimeSpan.FromSeconds(5)),
            "not-yet-valid-beyond-the-skew" => platform.Keys.Issue("admin", at: now + GatewayIdentity.ClockSkew + TimeSpan.FromSeconds(30)),
            "other-issuer" => Signed(gateway, now, issuer: "someone-else", audience: GatewayIdentity.Audience),
            "other-audience" => Signed(gateway, now, issuer: GatewayIdentity.Issuer, audience: "someone-else"),
            _ => throw new ArgumentOutOfRangeException(nameof(forgery), forgery, null),
        };
    }

    private static ECDsaSecurityKey Claiming(ECDsa key, string keyId) => new(key) { KeyId = keyId };

    /// <summary>A token that carries the key to verify it with (RFC 7515 <c>jwk</c> header): trusting it trusts anyone.</summary>
    private static string Embedding(ECDsaSecurityKey key, DateTimeOffset now)
    {
        var point = key.ECDsa.ExportParameters(false).Q;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = GatewayIdentity.Issuer,
            Audience = GatewayIdentity.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.AddMinutes(2).UtcDateTime,
            Claims = new Dictionary<string, object> { ["sub"] = "forger", ["role"] = "admin", ["tenant"] = "test" },
            AdditionalHeaderClaims = new Dictionary<string, object>
            {
                ["jwk"] = new Dictionary<string, object> { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = Base64UrlEncoder.Encode(point.X), ["y"] = Base64UrlEncoder.Encode(point.Y) },
            },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
        });
    }

    private static string Hs256(byte[] secret, string keyId, Dictionary<string, object> claims, DateTimeOffset now) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = GatewayIdentity.Issuer,
            Audience = GatewayIdentity.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.AddMinutes(2).UtcDateTime,
            Claims = claims,
            // HMAC keys shorter than 256 bits are refused by the library itself; pad as an attacker would.
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(secret.Length >= 32 ? secret : [.. secret, .. new byte[32 - secret.Length]]) { KeyId = keyId }, SecurityAlgorithms.HmacSha256),
        });

    private static string Signed(ECDsaSecurityKey key, DateTimeOffset now, string issuer, string audience) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.AddMinutes(2).UtcDateTime,
            Claims = new Dictionary<string, object> { ["sub"] = "forger", ["role"] = "admin", ["tenant"] = "test" },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
        });
}
