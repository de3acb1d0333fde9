
namespace TalentPlatform.People.Tests;

public sealed class PeopleApiTests(PeopleApi api) : IClassFixture<PeopleApi>
{
    private readonly HttpClient _client = api.Host.ClientAs("analyst");

    [Fact]
    public async Task A_persons_timeline_after_two_moves_shows_three_spells_with_their_dates_and_precision()
    {
        var (scale, meta, lab) = (await _client.RegisterOrganizationAsync("scale-ai"), await _client.RegisterOrganizationAsync("meta"), await _client.RegisterOrganizationAsync("lab"));
        var person = await _client.RegisterPersonAsync();
        using (var employed = await _client.PostJsonAsync($"/api/people/{person}/employment", $$"""{"organization":"{{scale}}","title":"CEO","start":"2016"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, employed.StatusCode);
        }

        using (var first = await _client.PostJsonAsync($"/api/people/{person}/moves", $$"""{"from":"{{scale}}","to":"{{meta}}","title":"Chief AI Officer","on":"2025-06","source":{{PeopleRequests.Cnbc}}}"""))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using (var second = await _client.PostJsonAsync($"/api/people/{person}/moves", $$"""{"from":"{{meta}}","to":"{{lab}}","on":"2025-11-03","source":{{PeopleRequests.Cnbc}}}"""))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            Assert.Equal("\"4\"", second.Headers.ETag?.ToString());
        }

        var timeline = (await _client.GetFromJsonAsync<JsonObject>($"/api/people/{person}"))!["timeline"]!.AsArray();

        Assert.Equal([scale, meta, lab], timeline.Select(stint => stint!["organization"]!.GetValue<string>()));
        Assert.Equal(("2016", "year"), Date(timeline[0]!["start"]));
        Assert.Equal(("2025-06", "month"), Date(timeline[0]!["end"]));
        Assert.Equal(("2025-06", "month"), Date(timeline[1]!["start"]));
        Assert.Equal("Chief AI Officer", timeline[1]!["title"]!.GetValue<string>());
        Assert.Equal(("2025-11-03", "day"), Date(timeline[1]!["end"]));
        Assert.Equal((null, "unknown"), Date(timeline[2]!["end"]));
        Assert.Equal([false, false, true], timeline.Select(stint => stint!["current"]!.GetValue<bool>()));
        Assert.Equal("CNBC", timeline[2]!["source"]!["publisher"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_move_from_an_organization_the_person_is_not_at_is_a_409()
    {
        var (windsurf, google) = (await _client.RegisterOrganizationAsync("windsurf"), await _client.RegisterOrganizationAsync("google"));
        var person = await _client.RegisterPersonAsync("Varun Mohan");

        using var response = await _client.PostJsonAsync($"/api/people/{person}/moves", $$"""{"from":"{{windsurf}}","to":"{{google}}","on":"2025-07-11","source":{{PeopleRequests.Cnbc}}}""");

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains($"not at {windsurf}", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("from")]
    [InlineData("to")]
    public async Task A_move_naming_an_unknown_organization_is_a_400_naming_the_field(string field)
    {
        var known = await _client.RegisterOrganizationAsync("known");
        var unknown = PeopleRequests.Unique("unknown");
        var person = await _client.RegisterPersonAsync();
        var (from, to) = field == "from" ? (unknown, known) : (known, unknown);

        using var response = await _client.PostJsonAsync($"/api/people/{person}/moves", $$"""{"from":"{{from}}","to":"{{to}}","on":"2025-07-11","source":{{PeopleRequests.Cnbc}}}""");

        await response.AssertNamesFieldsAsync(field);
    }

    [Theory]
    [InlineData("""{"name":"","country":"US"}""", "name")]
    [InlineData("""{"name":"Matt Deitke","country":"USA"}""", "country")]
    [InlineData("""{"name":"Matt Deitke","country":"us"}""", "country")]
    [InlineData("""{"name":"Matt Deitke","age":24}""", "age")]
    [InlineData("""{"name":"Matt Deitke","expertise":[""]}""", "expertise")]
    public async Task An_invalid_person_is_a_400_naming_the_field(string body, string field)
    {
        using var response = await _client.PostJsonAsync("/api/people", body);

        await response.AssertNamesFieldsAsync(field);
    }

    [Theory]
    [InlineData("""{"from":"a","to":"b","on":"July 2025","source":{"publisher":"CNBC","publishedOn":"2025-07-24","attribution":"estimate","status":"reported"}}""", "on")]
    [InlineData("""{"from":"a","to":"b","on":"2999","source":{"publisher":"CNBC","publishedOn":"2025-07-24","attribution":"estimate","status":"reported"}}""", "on")]
    [InlineData("""{"from":"a","to":"b","on":"2025-07"}""", "source")]
    [InlineData("""{"from":"a","to":"a","on":"2025-07","source":{"publisher":"CNBC","publishedOn":"2025-07-24","attribution":"estimate","status":"reported"}}""", "to")]
    public async Task An_invalid_move_is_a_400_naming_the_field(string body, string field)
    {
        var person = await _client.RegisterPersonAsync();

        using var response = await _client.PostJsonAsync($"/api/people/{person}/moves", body);

        await response.AssertNamesFieldsAsync(field);
    }

    [Fact]
    public async Task People_are_found_by_name_and_by_current_or_past_organization()
    {
        var (scale, meta) = (await _client.RegisterOrganizationAsync("scale-ai"), await _client.RegisterOrganizationAsync("meta"));
        var marker = Guid.NewGuid().ToString("N")[..8];
        var person = await _client.RegisterPersonAsync($"Alexandr Wang {marker}");
        using (await _client.PostJsonAsync($"/api/people/{person}/employment", $$"""{"organization":"{{scale}}","start":"2016"}"""))
        {
        }

        using (await _client.PostJsonAsync($"/api/people/{person}/moves", $$"""{"from":"{{scale}}","to":"{{meta}}","on":"2025-06","source":{{PeopleRequests.Cnbc}}}"""))
        {
        }

        foreach (var query in new[] { $"search=WANG%20{marker.ToUpperInvariant()}", $"organization={scale}", $"organization={meta}" })
        {
            var found = await _client.GetFromJsonAsync<JsonObject>($"/api/people?{query}");
            Assert.Equal(person.ToString(), Assert.Single(found!["items"]!.AsArray())!["id"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_group_move_is_recorded_with_its_count_as_a_minimum()
    {
        var (deepmind, microsoft) = (await _client.RegisterOrganizationAsync("google-deepmind"), await _client.RegisterOrganizationAsync("microsoft"));

        using var response = await _client.PostJsonAsync("/api/talent-moves/group", $$"""
            {"from":"{{deepmind}}","to":"{{microsoft}}","count":20,"countIsMinimum":true,"on":"2025-07","source":{{PeopleRequests.Cnbc}}}
            """);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var move = await _client.GetFromJsonAsync<JsonObject>(response.Headers.Location!);
        Assert.Equal(20, move!["count"]!.GetValue<int>());
        Assert.True(move["countIsMinimum"]!.GetValue<bool>());
        Assert.Equal("month", move["on"]!["precision"]!.GetValue<string>());
        Assert.Equal("CNBC", move["source"]!["publisher"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(0, "count")]
    [InlineData(1_000_000, "count")]
    public async Task An_invalid_group_move_is_a_400_naming_the_field(int count, string field)
    {
        var (from, to) = (await _client.RegisterOrganizationAsync("from"), await _client.RegisterOrganizationAsync("to"));

        using var response = await _client.PostJsonAsync("/api/talent-moves/group", $$"""
            {"from":"{{from}}","to":"{{to}}","count":{{count}},"countIsMinimum":false,"on":"2025-07","source":{{PeopleRequests.Cnbc}}}
            """);

        await response.AssertNamesFieldsAsync(field);
    }

    [Fact]
    public async Task A_move_with_a_stale_if_match_is_a_412_and_records_nothing()
    {
        var (scale, meta) = (await _client.RegisterOrganizationAsync("scale-ai"), await _client.RegisterOrganizationAsync("meta"));
        var person = await _client.RegisterPersonAsync();
        using (await _client.PostJsonAsync($"/api/people/{person}/employment", $$"""{"organization":"{{scale}}","start":"2016"}"""))
        {
        }

        using var response = await _client.PostJsonAsync(
            $"/api/people/{person}/moves",
            $$"""{"from":"{{scale}}","to":"{{meta}}","on":"2025-06","source":{{PeopleRequests.Cnbc}}}""",
            ("If-Match", "\"1\""));

        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Single((await _client.GetFromJsonAsync<JsonObject>($"/api/people/{person}"))!["timeline"]!.AsArray());
    }

    private static (string? Date, string Precision) Date(JsonNode? date) =>
        (date!["date"]?.GetValue<string>(), date["precision"]!.GetValue<string>());
}
