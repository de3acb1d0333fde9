using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TalentPlatform.Gateway.Keys;
using Xunit.Abstractions;

namespace TalentPlatform.Gateway.Tests;

public sealed class TenantsAndKeysTests(GatewayHost host, ITestOutputHelper output) : IClassFixture<GatewayHost>
{
    [Fact]
    public async Task A_key_issued_for_a_new_tenant_works_at_once_with_its_role_and_tenant()
    {
        var tenant = NewTenant();
        var issued = await IssueAsync(tenant, "customer");

        using var client = host.Client(issued.Key);
        using var read = await client.GetAsync($"/api/deals/{tenant}-read");
        using var write = await client.PostAsJsonAsync("/api/deals", new { });

        Assert.Equal(HttpStatusCode.Created, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal((tenant, "customer"), (issued.Tenant, issued.Role));
        Assert.StartsWith("tp_customer_", issued.Key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_key_is_shown_once_and_stored_only_as_its_hash()
    {
        var tenant = NewTenant();
        using var admin = host.Client(GatewayHost.AdminKey);
        await CreateTenantAsync(admin, tenant);

        using var issuing = await admin.PostAsJsonAsync($"/api/admin/tenants/{tenant}/keys", new { name = "payroll export", role = "customer" });
        var issued = await issuing.Content.ReadFromJsonAsync<IssuedKey>();
        var listed = await admin.GetFromJsonAsync<JsonObject>($"/api/admin/tenants/{tenant}/keys");
        var one = await admin.GetStringAsync($"/api/admin/keys/{issued!.Id}");

        Assert.Equal(HttpStatusCode.Created, issuing.StatusCode);
        Assert.Equal("no-store", issuing.Headers.CacheControl?.ToString());
        Assert.Equal($"/api/admin/keys/{issued.Id}", issuing.Headers.Location?.ToString());
        var item = Assert.Single(listed!["items"]!.AsArray())!.AsObject();
        Assert.Equal(["createdAt", "id", "name", "replacedBy", "revokedAt", "role", "tenant"], item.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(issued.Key, listed.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(issued.Key, one, StringComparison.Ordinal);

        await using var connection = await DatabaseAsync();
        await using var stored = new NpgsqlCommand("select row_to_json(k)::text, sha256 from api_keys k where id = $1", connection) { Parameters = { new() { Value = issued.Id } } };
        await using var reader = await stored.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.DoesNotContain(issued.Key, reader.GetString(0), StringComparison.Ordinal);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(issued.Key)), (byte[])reader[1]);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_and_revoking_it_again_changes_nothing()
    {
        var issued = await IssueAsync(NewTenant(), "analyst");
        using var admin = host.Client(GatewayHost.AdminKey);
        using var client = host.Client(issued.Key);

        using var revoked = await admin.PostAsync($"/api/admin/keys/{issued.Id}/revoke", null);
        using var refused = await client.GetAsync("/api/deals/after-revoke");
        using var again = await admin.PostAsync($"/api/admin/keys/{issued.Id}/revoke", null);

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var first = await revoked.Content.ReadFromJsonAsync<KeyRecord>();
        var second = await again.Content.ReadFromJsonAsync<KeyRecord>();
        Assert.NotNull(first!.RevokedAt);
        Assert.Equal(first.RevokedAt, second!.RevokedAt);
    }

    [Fact]
    public async Task Rotating_a_key_issues_a_working_replacement_and_refuses_the_old_one()
    {
        var tenant = NewTenant();
        var old = await IssueAsync(tenant, "customer", "billing");
        using var admin = host.Client(GatewayHost.AdminKey);

        using var rotating = await admin.PostAsync($"/api/admin/keys/{old.Id}/rotate", null);
        var replacement = await rotating.Content.ReadFromJsonAsync<IssuedKey>();
        using var withOld = await host.Client(old.Key).GetAsync("/api/deals/old-key");
        using var withNew = await host.Client(replacement!.Key).GetAsync("/api/deals/new-key");
        var oldRecord = await admin.GetFromJsonAsync<KeyRecord>($"/api/admin/keys/{old.Id}");
        using var rotatingAgain = await admin.PostAsync($"/api/admin/keys/{old.Id}/rotate", null);

        Assert.Equal(HttpStatusCode.Created, rotating.StatusCode);
        Assert.Equal((tenant, "customer", "billing"), (replacement.Tenant, replacement.Role, replacement.Name));
        Assert.NotEqual(old.Key, replacement.Key);
        Assert.Equal(HttpStatusCode.Unauthorized, withOld.StatusCode);
        Assert.Equal(HttpStatusCode.Created, withNew.StatusCode);
        Assert.Equal(replacement.Id, oldRecord!.ReplacedBy);
        Assert.NotNull(oldRecord.RevokedAt);
        await AssertProblemAsync(rotatingAgain, HttpStatusCode.Conflict);
    }

    /// <summary>
    /// The admin endpoint reloads the keys after a change while the listener may be reloading too, from a read taken
    /// just before the change; whichever finishes last, the older read must not undo the change.
    /// </summary>
    [Fact]
    public async Task A_reload_read_before_a_key_change_finishing_after_it_does_not_undo_it()
    {
        var directory = host.Gateway.Services.GetRequiredService<ApiKeyDirectory>();
        var store = host.Gateway.Services.GetRequiredService<KeyStore>();
        var revokedLater = await IssueAsync(NewTenant(), "customer");
        var readBefore = await store.ActiveKeysAsync(CancellationToken.None);

        var issued = await IssueAsync(NewTenant(), "customer");
        using var admin = host.Client(GatewayHost.AdminKey);
        using (var revoking = await admin.PostAsync($"/api/admin/keys/{revokedLater.Id}/revoke", null))
        {
            Assert.Equal(HttpStatusCode.OK, revoking.StatusCode);
        }

        directory.Replace(readBefore.Generation, readBefore.Keys);

        using var newKey = host.Client(issued.Key);
        using var revokedKey = host.Client(revokedLater.Key);
        using var accepted = await newKey.GetAsync("/api/deals/issued-before-a-late-reload");
        using var refused = await revokedKey.GetAsync("/api/deals/revoked-before-a-late-reload");
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_within_a_second_on_every_gateway_instance()
    {
        var other = host.AnotherInstance();
        var issued = await IssueAsync(NewTenant(), "customer");
        using var onOther = GatewayHost.ClientOf(other, issued.Key);
        await Eventually.UntilAsync(
            async token => (await onOther.GetAsync("/api/deals/second-instance", token)).StatusCode,
            status => status == HttpStatusCode.Created,
            TimeSpan.FromSeconds(30),
            "the second instance to accept the new key");

        using var admin = host.Client(GatewayHost.AdminKey);
        using var revoked = await admin.PostAsync($"/api/admin/keys/{issued.Id}/revoke", null);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        var sinceRevoked = Stopwatch.StartNew();
        await Eventually.UntilAsync(
            async token => (await onOther.GetAsync("/api/deals/second-instance", token)).StatusCode,
            status => status == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(1),
            "the second instance to refuse the revoked key");
        output.WriteLine($"The second instance refused the revoked key {sinceRevoked.Elapsed.TotalMilliseconds:0} ms after the revocation was answered.");
    }

    [Theory]
    [InlineData("""{"id":"Acme","name":"Acme"}""", "id")]
    [InlineData("""{"id":"a","name":"Acme"}""", "id")]
    [InlineData("""{"id":"acme--corp","name":"Acme"}""", "id")]
    [InlineData("""{"id":"acme-corp","name":""}""", "name")]
    [InlineData("""{"name":"Acme"}""", "id")]
    [InlineData("""{"id":"acme-corp","name":"Acme","createdAt":"2020-01-01T00:00:00Z"}""", "createdAt")]
    public async Task An_invalid_tenant_is_a_400_naming_the_field(string body, string field)
    {
        using var admin = host.Client(GatewayHost.AdminKey);

        using var response = await admin.PostAsync("/api/admin/tenants", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertNamesFieldAsync(response, field);
    }

    [Theory]
    [InlineData("""{"name":"ops","role":"root"}""", "role")]
    [InlineData("""{"name":"","role":"customer"}""", "name")]
    [InlineData("""{"role":"customer"}""", "name")]
    [InlineData("""{"name":"ops","role":"customer","key":"tp_customer_chosen_by_the_caller"}""", "key")]
    [InlineData("""{"name":"ops","role":"customer","tenant":"someone-else"}""", "tenant")]
    public async Task An_invalid_key_request_is_a_400_naming_the_field(string body, string field)
    {
        var tenant = NewTenant();
        using var admin = host.Client(GatewayHost.AdminKey);
        await CreateTenantAsync(admin, tenant);

        using var response = await admin.PostAsync($"/api/admin/tenants/{tenant}/keys", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertNamesFieldAsync(response, field);
        var keys = await admin.GetFromJsonAsync<JsonObject>($"/api/admin/tenants/{tenant}/keys");
        Assert.Equal(0, keys!["totalItems"]!.GetValue<int>());
    }

    [Fact]
    public async Task Unknown_tenants_and_keys_are_404s_and_a_taken_tenant_id_is_a_409()
    {
        var tenant = NewTenant();
        using var admin = host.Client(GatewayHost.AdminKey);
        await CreateTenantAsync(admin, tenant);

        using var taken = await admin.PostAsJsonAsync("/api/admin/tenants", new { id = tenant, name = "again" });
        using var keyForNobody = await admin.PostAsJsonAsync("/api/admin/tenants/nobody-here/keys", new { name = "x", role = "customer" });
        using var noKey = await admin.PostAsync($"/api/admin/keys/{Guid.NewGuid()}/revoke", null);
        using var noRotation = await admin.PostAsync($"/api/admin/keys/{Guid.NewGuid()}/rotate", null);

        await AssertProblemAsync(taken, HttpStatusCode.Conflict);
        await AssertProblemAsync(keyForNobody, HttpStatusCode.NotFound);
        await AssertProblemAsync(noKey, HttpStatusCode.NotFound);
        await AssertProblemAsync(noRotation, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(GatewayHost.AnalystKey, HttpStatusCode.Forbidden)]
    [InlineData(GatewayHost.CustomerKey, HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task Only_admins_manage_tenants_and_keys(string? key, HttpStatusCode expected)
    {
        using var client = host.Client(key);

        using var create = await client.PostAsJsonAsync("/api/admin/tenants", new { id = NewTenant(), name = "x" });
        using var list = await client.GetAsync("/api/admin/tenants");
        using var revoke = await client.PostAsync($"/api/admin/keys/{Guid.NewGuid()}/revoke", null);

        await AssertProblemAsync(create, expected);
        await AssertProblemAsync(list, expected);
        await AssertProblemAsync(revoke, expected);
    }

    [Fact]
    public async Task Tenants_are_listed_in_pages()
    {
        using var admin = host.Client(GatewayHost.AdminKey);
        await CreateTenantAsync(admin, NewTenant());
        await CreateTenantAsync(admin, NewTenant());

        var page = await admin.GetFromJsonAsync<JsonObject>("/api/admin/tenants?pageSize=1");
        using var tooBig = await admin.GetAsync("/api/admin/tenants?pageSize=1000000");

        Assert.Single(page!["items"]!.AsArray());
        Assert.True(page["totalItems"]!.GetValue<int>() >= 2);
        Assert.NotNull(page["nextPage"]);
        await AssertNamesFieldAsync(tooBig, "pageSize");
    }

    private static string NewTenant() => $"t-{Guid.NewGuid():N}"[..20];

    private async Task<IssuedKey> IssueAsync(string tenant, string role, string name = "test")
    {
        using var admin = host.Client(GatewayHost.AdminKey);
        await CreateTenantAsync(admin, tenant);
        using var issued = await admin.PostAsJsonAsync($"/api/admin/tenants/{tenant}/keys", new { name, role });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        return (await issued.Content.ReadFromJsonAsync<IssuedKey>())!;
    }

    private static async Task CreateTenantAsync(HttpClient admin, string tenant)
    {
        using var created = await admin.PostAsJsonAsync("/api/admin/tenants", new { id = tenant, name = $"Tenant {tenant}" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    private async Task<NpgsqlConnection> DatabaseAsync()
    {
        var connection = host.Gateway.Services.GetRequiredService<NpgsqlDataSource>().CreateConnection();
        await connection.OpenAsync();
        return connection;
    }

    private static async Task AssertNamesFieldAsync(HttpResponseMessage response, string field)
    {
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]?.AsObject().ContainsKey(field) == true, $"expected an error for '{field}', got: {problem.ToJsonString()}");
    }

    private static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
