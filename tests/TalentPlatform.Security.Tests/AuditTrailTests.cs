namespace TalentPlatform.Security.Tests;

/// <summary>
/// The admin audit trail: every write a key makes through the gateway, with its result, and every key issued,
/// revoked and rotated — who, what, when, never the content.
/// </summary>
[Collection(AttackCollection.Name)]
public sealed class AuditTrailTests(TestPlatform platform)
{
    [Fact]
    public async Task A_tenants_writes_are_listed_with_service_route_key_time_and_result_and_never_their_content()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var key = await platform.IssueKeyAsync(Attack.NewTenant("audited"), "customer");
        using var customer = platform.Client(key.Key);
        var submission = await customer.PostJsonAsync("/api/compensation/submissions", Attack.Row).CreatedIdAsync();
        using (var refused = await customer.PostJsonAsync("/api/deals", Attack.Deal))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var read = await customer.GetAsync($"/api/compensation/submissions/{submission}"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        var entries = await EntriesAsync($"?tenant={key.Tenant}", entries => entries.Count(IsTheTenantsOwn(key.Id)) >= 2);

        var own = entries.Where(IsTheTenantsOwn(key.Id)).ToList();
        Assert.Equal(2, own.Count);
        var refusedDeal = own[0];
        var submitted = own[1];
        Assert.Equal(("deals", "POST", "/api/deals", 403), (S(refusedDeal, "service"), S(refusedDeal, "method"), S(refusedDeal, "path"), refusedDeal["status"]!.GetValue<int>()));
        Assert.Equal(("compensation", "POST", "/api/compensation/submissions", 201), (S(submitted, "service"), S(submitted, "method"), S(submitted, "path"), submitted["status"]!.GetValue<int>()));
        Assert.All(own, entry =>
        {
            Assert.Equal(key.Tenant, S(entry, "tenant"));
            Assert.Equal("customer", S(entry, "role"));
            Assert.InRange(entry["at"]!.GetValue<DateTimeOffset>(), before, DateTimeOffset.UtcNow);
        });

        // Reads are not actions, and no entry holds what was sent.
        Assert.DoesNotContain(entries, entry => S(entry, "method") == "GET");
        var listed = new JsonArray([.. entries.Select(entry => entry.DeepClone())]).ToJsonString();
        Assert.DoesNotContain("185000", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("ml-engineer", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_issuance_revocation_and_rotation_are_in_it_under_the_tenant_they_concern()
    {
        var tenant = Attack.NewTenant("keys");
        var first = await platform.IssueKeyAsync(tenant, "customer");
        var second = await platform.IssueKeyAsync(tenant, "analyst");
        using var admin = platform.Admin();
        using (var revocation = await admin.PostAsync($"/api/admin/keys/{first.Id}/revoke", null))
        {
            revocation.EnsureSuccessStatusCode();
        }

        using var rotation = await admin.PostAsync($"/api/admin/keys/{second.Id}/rotate", null);
        var replacement = (await rotation.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();

        var entries = await EntriesAsync($"?tenant={tenant}", entries => entries.Count >= 6);

        var actions = entries.Select(entry => (S(entry, "method"), S(entry, "path"), entry["status"]!.GetValue<int>(), S(entry, "role"))).Reverse().ToList();
        Assert.Equal(
        [
            ("POST", "/api/admin/tenants", 201, "admin"),
            ("POST", $"/api/admin/tenants/{tenant}/keys", 201, "admin"),
            ("POST", "/api/admin/tenants", 409, "admin"),
            ("POST", $"/api/admin/tenants/{tenant}/keys", 201, "admin"),
            ("POST", $"/api/admin/keys/{first.Id}/revoke", 200, "admin"),
            ("POST", $"/api/admin/keys/{second.Id}/rotate", 201, "admin"),
        ],
        actions);
        Assert.All(entries, entry => Assert.Equal("gateway", S(entry, "service")));
        Assert.Contains(entries, entry => S(entry, "target")?.Contains(first.Id.ToString(), StringComparison.Ordinal) == true);
        Assert.Contains(entries, entry => S(entry, "target")?.Contains(replacement, StringComparison.Ordinal) == true);
        Assert.Contains(entries, entry => S(entry, "target") == $"tenant {tenant}");
    }

    [Fact]
    public async Task It_filters_by_key_and_time_and_pages()
    {
        var key = await platform.IssueKeyAsync(Attack.NewTenant("paged"), "analyst");
        using var analyst = platform.Client(key.Key);
        for (var i = 0; i < 3; i++)
        {
            await analyst.PostJsonAsync("/api/deals", Attack.Deal).CreatedIdAsync();
        }

        await EntriesAsync($"?key={key.Id}", entries => entries.Count == 3);
        using var admin = platform.Admin();

        var firstPage = (await admin.GetFromJsonAsync<JsonObject>($"/api/admin/audit?key={key.Id}&pageSize=2"))!;
        var lastPage = (await admin.GetFromJsonAsync<JsonObject>(firstPage["nextPage"]!.GetValue<string>()))!;
        var future = (await admin.GetFromJsonAsync<JsonObject>($"/api/admin/audit?key={key.Id}&from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}"))!;
        var past = (await admin.GetFromJsonAsync<JsonObject>($"/api/admin/audit?key={key.Id}&to=2020-01-01"))!;

        Assert.Equal(3, firstPage["totalItems"]!.GetValue<int>());
        Assert.Equal(2, firstPage["items"]!.AsArray().Count);
        Assert.Single(lastPage["items"]!.AsArray());
        Assert.Null(lastPage["nextPage"]);
        Assert.Equal(0, future["totalItems"]!.GetValue<int>());
        Assert.Equal(0, past["totalItems"]!.GetValue<int>());
        Assert.All(firstPage["items"]!.AsArray(), entry => Assert.Equal(key.Id.ToString(), S(entry!.AsObject(), "key")));
    }

    [Theory]
    [InlineData("customer")]
    [InlineData("analyst")]
    public async Task Only_admins_read_it(string role)
    {
        var key = await platform.IssueKeyAsync(Attack.NewTenant("nosy"), role);
        using var client = platform.Client(key.Key);

        using var response = await client.GetAsync("/api/admin/audit");

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2025-13-01", "to")]
    [InlineData("from=2025-06-02&to=2025-06-01", "to")]
    [InlineData("pageSize=201", "pageSize")]
    public async Task A_bad_query_is_a_400_naming_the_field(string query, string field)
    {
        using var admin = platform.Admin();

        using var response = await admin.GetAsync($"/api/admin/audit?{query}");

        await response.AssertNamesFieldAsync(field);
    }

    private static Func<JsonObject, bool> IsTheTenantsOwn(Guid key) => entry => S(entry, "key") == key.ToString();

    private static string? S(JsonObject entry, string name) => entry[name]?.GetValue<string>();

    /// <summary>The trail's entries for a query, latest first, once they satisfy <paramref name="complete"/> (proxied writes are written within 100 ms).</summary>
    private async Task<List<JsonObject>> EntriesAsync(string query, Func<List<JsonObject>, bool> complete)
    {
        using var admin = platform.Admin();
        return await Eventually.UntilAsync(
            async token =>
            {
                var page = (await admin.GetFromJsonAsync<JsonObject>($"/api/admin/audit{query}", token))!;
                return page["items"]!.AsArray().Select(item => item!.AsObject()).ToList();
            },
            complete,
            TimeSpan.FromSeconds(30),
            $"the audit trail for {query}");
    }
}
