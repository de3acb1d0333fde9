
namespace TalentPlatform.Deals.Tests;

public sealed class ReadingDealsTests(DealsApi api) : IClassFixture<DealsApi>
{
    private readonly HttpClient _client = api.Host.ClientAs("analyst");

    [Fact]
    public async Task As_of_a_moment_the_deal_shows_what_was_known_then()
    {
        var id = await _client.RecordAsync();
        using (await _client.PostJsonAsync($"/api/deals/{id}/terms", """
            {"value":{"amount":14300000000,"currency":"USD"},
             "source":{"publisher":"Scale AI","publishedOn":"2025-06-12","attribution":"company-statement","status":"confirmed"}}
            """))
        {
        }

        var history = (await _client.GetFromJsonAsync<JsonObject>($"/api/deals/{id}/history"))!["items"]!.AsArray();
        var firstRecorded = history[0]!["recordedAt"]!.GetValue<string>();
        var revisionRecorded = history[1]!["recordedAt"]!.GetValue<string>();

        var before = await _client.ReadAsync(id, $"?asOf={Uri.EscapeDataString(firstRecorded)}");
        var after = await _client.ReadAsync(id, $"?asOf={Uri.EscapeDataString(revisionRecorded)}");

        Assert.Equal(14_000_000_000m, before["value"]!["amount"]!.GetValue<decimal>());
        Assert.Single(before["claims"]!.AsArray());
        Assert.Equal(1, before["version"]!.GetValue<int>());
        Assert.Equal(14_300_000_000m, after["value"]!["amount"]!.GetValue<decimal>());
        Assert.Equal(2, after["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task As_of_a_day_before_it_was_recorded_the_deal_is_unknown()
    {
        var id = await _client.RecordAsync();

        using var response = await _client.GetAsync($"/api/deals/{id}?asOf=2025-06-15");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2025-13-01")]
    [InlineData("2025-06-15T12:00:00")]
    public async Task An_unreadable_as_of_is_a_400(string asOf)
    {
        var id = await _client.RecordAsync();

        using var response = await _client.GetAsync($"/api/deals/{id}?asOf={Uri.EscapeDataString(asOf)}");

        await response.AssertNamesFieldsAsync("asOf");
    }

    [Fact]
    public async Task The_history_lists_each_event_with_when_it_was_recorded_and_its_source()
    {
        var id = await _client.RecordAsync("""{"type":"acquihire","acquirer":"meta","target":"tiny-lab","status":"rumoured"}""");
        using (await _client.PostJsonAsync($"/api/deals/{id}/terms", """
            {"value":{"amount":5000000,"currency":"USD"},"source":{"publisher":"CNBC","url":"https://example.com/cnbc","publishedOn":"2025-06-20","attribution":"anonymous-source","status":"rumoured"}}
            """))
        {
        }

        using (await _client.PostJsonAsync($"/api/deals/{id}/announce", """{"announcedOn":"2025-06-25"}"""))
        {
        }

        var history = await _client.GetFromJsonAsync<JsonObject>($"/api/deals/{id}/history");

        var items = history!["items"]!.AsArray();
        Assert.Equal(["deal-recorded", "deal-term-claimed", "deal-announced"], items.Select(item => item!["event"]!.GetValue<string>()));
        Assert.Equal([1, 2, 3], items.Select(item => item!["version"]!.GetValue<int>()));
        Assert.All(items, item => Assert.True(DateTimeOffset.TryParse(item!["recordedAt"]!.GetValue<string>(), out _)));
        Assert.Equal("CNBC", items[1]!["sources"]![0]!["publisher"]!.GetValue<string>());
        Assert.Equal("rumoured", items[1]!["sources"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_history_of_an_unknown_deal_is_a_404()
    {
        using var response = await _client.GetAsync($"/api/deals/{Guid.NewGuid()}/history");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deals_are_listed_by_organization_on_either_side_and_filtered_by_type_status_and_dates()
    {
        var org = $"org-{Guid.NewGuid():N}"[..16];
        var asAcquirer = await _client.RecordAsync($$"""{"type":"acquihire","acquirer":"{{org}}","target":"a-lab","status":"announced","announcedOn":"2025-03-01"}""");
        var asTarget = await _client.RecordAsync($$"""{"type":"minority-stake","acquirer":"big-co","target":"{{org}}","status":"announced","announcedOn":"2025-06-01"}""");
        var rumour = await _client.RecordAsync($$"""{"type":"acquihire","acquirer":"{{org}}","target":"b-lab","status":"rumoured"}""");
        await _client.RecordAsync("""{"type":"acquihire","acquirer":"someone-else","target":"c-lab","status":"rumoured"}""");

        Assert.Equal([rumour, asTarget, asAcquirer], await ListAsync($"organization={org}"));
        Assert.Equal([rumour, asAcquirer], await ListAsync($"organization={org}&type=acquihire"));
        Assert.Equal([rumour], await ListAsync($"organization={org}&status=rumoured"));
        Assert.Equal([asTarget], await ListAsync($"organization={org}&from=2025-04-01&to=2025-12-31"));
    }

    [Fact]
    public async Task Lists_are_paged_and_say_how_to_get_the_next_page()
    {
        var org = $"pager-{Guid.NewGuid():N}"[..18];
        for (var i = 0; i < 5; i++)
        {
            await _client.RecordAsync($$"""{"type":"merger","acquirer":"{{org}}","target":"t-{{i}}","status":"announced","announcedOn":"2025-0{{i + 1}}-01"}""");
        }

        var first = await _client.GetFromJsonAsync<JsonObject>($"/api/deals?organization={org}&pageSize=2");
        var second = await _client.GetFromJsonAsync<JsonObject>(first!["nextPage"]!.GetValue<string>());
        var third = await _client.GetFromJsonAsync<JsonObject>(second!["nextPage"]!.GetValue<string>());

        Assert.Equal(5, first["totalItems"]!.GetValue<int>());
        Assert.Equal(2, first["items"]!.AsArray().Count);
        Assert.Equal(2, second["items"]!.AsArray().Count);
        Assert.Single(third!["items"]!.AsArray());
        Assert.Null(third["nextPage"]);
        var seen = new[] { first, second, third }.SelectMany(page => page["items"]!.AsArray()).Select(item => item!["id"]!.GetValue<string>());
        Assert.Equal(5, seen.Distinct().Count());
    }

    [Theory]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("pageSize=1000000", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("type=ipo", "type")]
    [InlineData("status=done", "status")]
    [InlineData("from=June", "from")]
    [InlineData("from=2025-06-01&to=2025-01-01", "to")]
    [InlineData("organization=Not%20A%20Slug", "organization")]
    public async Task Unreadable_filters_are_a_400_naming_the_field(string query, string field)
    {
        using var response = await _client.GetAsync($"/api/deals?{query}");

        await response.AssertNamesFieldsAsync(field);
    }

    private async Task<List<Guid>> ListAsync(string query)
    {
        var page = await _client.GetFromJsonAsync<JsonObject>($"/api/deals?{query}");
        return [.. page!["items"]!.AsArray().Select(item => Guid.Parse(item!["id"]!.GetValue<string>()))];
    }
}
