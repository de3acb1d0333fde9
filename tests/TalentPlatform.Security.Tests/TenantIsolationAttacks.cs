using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace TalentPlatform.Security.Tests;

/// <summary>Tenant B after tenant A's rows, by id, by guess, by list and by any write: never a row, never an event.</summary>
[Collection(AttackCollection.Name)]
public sealed class TenantIsolationAttacks(TestPlatform platform)
{
    [Fact]
    public async Task Another_tenants_row_is_404_by_id_or_by_guess_exactly_like_a_row_that_never_existed()
    {
        var (a, b) = await TwoTenantsAsync();
        var rowOfA = await a.PostJsonAsync("/api/compensation/submissions", Attack.Row).CreatedIdAsync();
        var guesses = new[] { rowOfA, Guid.NewGuid(), Guid.CreateVersion7(), Neighbour(rowOfA, +1), Neighbour(rowOfA, -1), Guid.Empty };

        foreach (var id in guesses)
        {
            using var response = await b.GetAsync($"/api/compensation/submissions/{id}");
            var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound);
            Assert.Equal("No such submission.", problem["title"]!.GetValue<string>());
        }

        using var byOwner = await a.GetAsync($"/api/compensation/submissions/{rowOfA}");
        Assert.Equal(HttpStatusCode.OK, byOwner.StatusCode);
    }

    [Fact]
    public async Task Another_tenants_rows_are_never_listed_counted_or_paged_into()
    {
        var (a, b) = await TwoTenantsAsync();
        var rowOfA = await a.PostJsonAsync("/api/compensation/submissions", Attack.Row).CreatedIdAsync();

        foreach (var query in new[] { "", "?page=1&pageSize=200", "?page=2", "?pageSize=1" })
        {
            var page = (await b.GetStringAsync($"/api/compensation/submissions{query}"));
            Assert.Equal(0, JsonNode.Parse(page)!["totalItems"]!.GetValue<int>());
            Assert.DoesNotContain(rowOfA.ToString(), page, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("PUT", "")]
    [InlineData("PATCH", "")]
    [InlineData("DELETE", "")]
    [InlineData("POST", "")]
    [InlineData("POST", "/outcome")]
    public async Task Writing_to_another_tenants_row_answers_as_for_a_row_that_never_existed_and_writes_no_event(string method, string suffix)
    {
        var (a, b) = await TwoTenantsAsync();
        var rowOfA = await a.PostJsonAsync("/api/compensation/submissions", Attack.Row).CreatedIdAsync();
        var before = await EventCountAsync();

        using var onRowOfA = await b.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/api/compensation/submissions/{rowOfA}{suffix}") { Content = Attack.Json(Attack.Row) });
        using var onNothing = await b.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/api/compensation/submissions/{Guid.NewGuid()}{suffix}") { Content = Attack.Json(Attack.Row) });

        // No route writes to an existing row; whatever the answer, it must not tell the row exists.
        Assert.False(onRowOfA.IsSuccessStatusCode, $"{method} answered {(int)onRowOfA.StatusCode}");
        Assert.True((int)onRowOfA.StatusCode < 500);
        Assert.Equal(onNothing.StatusCode, onRowOfA.StatusCode);
        Assert.Equal(before, await EventCountAsync());
        using var stillThere = await a.GetAsync($"/api/compensation/submissions/{rowOfA}");
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }

    [Fact]
    public async Task A_batch_cannot_be_aimed_at_another_tenant()
    {
        var (a, b) = await TwoTenantsAsync();

        using var response = await b.PostJsonAsync("/api/compensation/submissions/batch", $$"""{"rows":[{{Attack.Row}}],"tenant":"someone-else"}""");

        await response.AssertNamesFieldAsync("tenant");
        Assert.Equal(0, await a.TotalItemsAsync("/api/compensation/submissions"));
        Assert.Equal(0, await b.TotalItemsAsync("/api/compensation/submissions"));
    }

    private async Task<(HttpClient A, HttpClient B)> TwoTenantsAsync()
    {
        var a = await platform.IssueKeyAsync(Attack.NewTenant("tenant-a"), "customer");
        var b = await platform.IssueKeyAsync(Attack.NewTenant("tenant-b"), "customer");
        return (platform.Client(a.Key), platform.Client(b.Key));
    }

    private async Task<int> EventCountAsync()
    {
        await using var session = platform.Compensation.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Events.QueryAllRawEvents().Where(e => e.AnyTenant()).CountAsync();
    }

    /// <summary>An id next to a version 7 one: the same millisecond, its random part one step away.</summary>
    private static Guid Neighbour(Guid id, int step)
    {
        var bytes = id.ToByteArray(bigEndian: true);
        bytes[15] = (byte)(bytes[15] + step);
        return new Guid(bytes, bigEndian: true);
    }
}
