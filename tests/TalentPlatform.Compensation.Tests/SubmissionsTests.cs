using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace TalentPlatform.Compensation.Tests;

public sealed class SubmissionsTests(CompensationApi api) : IClassFixture<CompensationApi>
{
    [Fact]
    public async Task A_tenant_never_reads_lists_or_counts_another_tenants_rows()
    {
        var (tenantA, tenantB) = ($"tenant-a-{Guid.NewGuid():N}", $"tenant-b-{Guid.NewGuid():N}");
        using var clientA = api.Host.ClientAs("customer", tenantA);
        using var clientB = api.Host.ClientAs("customer", tenantB);
        var rowOfA = await clientA.PostJsonAsync("/api/compensation/submissions", CompensationRequests.Row(111_111m)).CreatedAsync();
        await clientB.PostJsonAsync("/api/compensation/submissions", CompensationRequests.Row(222_222m)).CreatedAsync();
        await clientB.PostJsonAsync("/api/compensation/submissions", CompensationRequests.Row(333_333m)).CreatedAsync();

        using var readByB = await clientB.GetAsync($"/api/compensation/submissions/{rowOfA["id"]}");
        var listedByB = await clientB.GetFromJsonAsync<JsonObject>("/api/compensation/submissions");
        var listedByA = await clientA.GetFromJsonAsync<JsonObject>("/api/compensation/submissions");

        await readByB.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(2, listedByB!["totalItems"]!.GetValue<int>());
        Assert.DoesNotContain(listedByB["items"]!.AsArray(), item => item!["id"]!.GetValue<string>() == rowOfA["id"]!.GetValue<string>());
        Assert.Equal(1, listedByA!["totalItems"]!.GetValue<int>());
        Assert.Equal(111_111m, listedByA["items"]![0]!["components"]!["base"]!["amount"]!.GetValue<decimal>());
        using var readByA = await clientA.GetAsync($"/api/compensation/submissions/{rowOfA["id"]}");
        Assert.Equal(HttpStatusCode.OK, readByA.StatusCode);
    }

    [Fact]
    public async Task Reusing_another_tenants_idempotency_key_neither_replays_nor_reveals_their_row()
    {
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());
        using var clientA = api.Host.ClientAs("customer", $"tenant-a-{Guid.NewGuid():N}");
        using var clientB = api.Host.ClientAs("customer", $"tenant-b-{Guid.NewGuid():N}");

        var first = await clientA.PostJsonAsync("/api/compensation/submissions", CompensationRequests.Row(), key).CreatedAsync();
        var second = await clientB.PostJsonAsync("/api/compensation/submissions", CompensationRequests.Row(), key).CreatedAsync();

        Assert.NotEqual(first["id"]!.GetValue<string>(), second["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("analyst")]
    [InlineData("admin")]
    public async Task Only_customers_submit_or_read_tenant_rows(string role)
    {
        using var client = api.Host.ClientAs(role);

        using var submit = await client.PostJsonAsync("/api/compensation/submissions", CompensationRequests.Row());
        using var list = await client.GetAsync("/api/compensation/submissions");

        await submit.AssertProblemAsync(HttpStatusCode.Forbidden);
        await list.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_batch_of_ten_thousand_rows_with_one_bad_row_writes_nothing_and_names_it()
    {
        var tenant = $"batch-{Guid.NewGuid():N}";
        using var client = api.Host.ClientAs("customer", tenant);
        var rows = Enumerable.Range(0, BatchRows.MaxRows).Select(i => i == 7_777 ? CompensationRequests.Row(-1m) : CompensationRequests.Row(100_000m + i));

        using var response = await client.PostJsonAsync("/api/compensation/submissions/batch", $"{{\"rows\":[{string.Join(',', rows)}]}}");

        var problem = await response.AssertNamesFieldsAsync("rows[7777].components.base.amount");
        Assert.Single(problem["errors"]!.AsObject());
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonObject>("/api/compensation/submissions"))!["totalItems"]!.GetValue<int>());
        await using var session = api.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Equal(0, await session.Events.QueryAllRawEvents().Where(e => e.AnyTenant() && e.EventTypeName == "compensation_submitted").CountAsync(e => e.TenantId == tenant));
    }

    [Fact]
    public async Task A_batch_lists_every_bad_row_with_its_field()
    {
        using var client = api.Host.ClientAs("customer", $"batch-{Guid.NewGuid():N}");
        var rows = new[]
        {
            CompensationRequests.Row(),
            CompensationRequests.Row(country: "XX"),
            CompensationRequests.Row(period: "weekly"),
            CompensationRequests.Row(10_000_000m, period: "hourly"),
            "42",
        };

        using var response = await client.PostJsonAsync("/api/compensation/submissions/batch", $"{{\"rows\":[{string.Join(',', rows)}]}}");

        await response.AssertNamesFieldsAsync("rows[1].location.country", "rows[2].period", "rows[3].components.base.amount", "rows[4]");
    }

    [Fact]
    public async Task A_good_batch_is_written_whole()
    {
        var tenant = $"batch-{Guid.NewGuid():N}";
        using var client = api.Host.ClientAs("customer", tenant);
        var rows = Enumerable.Range(0, 2_000).Select(i => CompensationRequests.Row(100_000m + i));

        using var response = await client.PostJsonAsync("/api/compensation/submissions/batch", $"{{\"rows\":[{string.Join(',', rows)}]}}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2_000, (await response.Content.ReadFromJsonAsync<JsonObject>())!["count"]!.GetValue<int>());
        Assert.Equal(2_000, (await client.GetFromJsonAsync<JsonObject>("/api/compensation/submissions?pageSize=1"))!["totalItems"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"rows":[]}""", "rows")]
    [InlineData("""{"rows":[{"role":"ml-engineer"}]}""", "rows[0].location")]
    public async Task An_empty_or_incomplete_batch_is_a_400(string body, string field)
    {
        using var client = api.Host.ClientAs("customer", "tenant-x");

        using var response = await client.PostJsonAsync("/api/compensation/submissions/batch", body);

        await response.AssertNamesFieldsAsync(field);
    }

    [Theory]
    [InlineData("""{"role":"ml-engineer","location":{"country":"GB"},"currency":"GBP","period":"annual","components":{"base":{"min":1,"max":2}},"effectiveOn":"2025-04-01"}""", "components.base.amount")]
    [InlineData("""{"role":"ml-engineer","currency":"GBP","period":"annual","components":{"base":{"amount":1}},"effectiveOn":"2025-04-01"}""", "location")]
    [InlineData("""{"role":"ml-engineer","location":{"country":"GB"},"currency":"GBP","period":"annual","components":{"base":{"amount":1}},"effectiveOn":"2025-04-01","tenantId":"other"}""", "tenantId")]
    public async Task An_invalid_submission_is_a_400_naming_the_field(string body, string field)
    {
        using var client = api.Host.ClientAs("customer", "tenant-x");

        using var response = await client.PostJsonAsync("/api/compensation/submissions", body);

        await response.AssertNamesFieldsAsync(field);
    }
}
