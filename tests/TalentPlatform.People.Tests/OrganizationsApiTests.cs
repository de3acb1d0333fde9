
namespace TalentPlatform.People.Tests;

public sealed class OrganizationsApiTests(PeopleApi api) : IClassFixture<PeopleApi>
{
    private readonly HttpClient _client = api.Host.ClientAs("analyst");

    [Fact]
    public async Task Registering_an_organization_answers_201_with_its_location_and_it_reads_back()
    {
        var parent = await _client.RegisterOrganizationAsync("google");
        var slug = PeopleRequests.Unique("deepmind");

        using var response = await _client.PostJsonAsync("/api/organizations", $$"""
            {"slug":"{{slug}}","name":"Google DeepMind","kind":"ai-lab","aliases":["DeepMind","GDM"],"parent":"{{parent}}"}
            """);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/organizations/{slug}", response.Headers.Location?.ToString());
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        var organization = await _client.GetFromJsonAsync<JsonObject>($"/api/organizations/{slug}");
        Assert.Equal("Google DeepMind", organization!["name"]!.GetValue<string>());
        Assert.Equal("ai-lab", organization["kind"]!.GetValue<string>());
        Assert.Equal(parent, organization["parent"]!.GetValue<string>());
        Assert.Equal(["DeepMind", "GDM"], organization["aliases"]!.AsArray().Select(alias => alias!.GetValue<string>()));
    }

    [Fact]
    public async Task A_slug_registered_twice_is_a_409()
    {
        var slug = await _client.RegisterOrganizationAsync("openai");

        using var again = await _client.PostJsonAsync("/api/organizations", $$"""{"slug":"{{slug}}","name":"Other","kind":"startup"}""");

        await again.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Search_matches_names_and_aliases_in_any_case()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var slug = await _client.RegisterOrganizationAsync("meta", aliases: [$"Facebook{marker}"]);

        var byAlias = await _client.GetFromJsonAsync<JsonObject>($"/api/organizations?search=FACEBOOK{marker.ToUpperInvariant()}");
        var byName = await _client.GetFromJsonAsync<JsonObject>($"/api/organizations?search={slug[^8..].ToUpperInvariant()}");

        Assert.Equal(slug, Assert.Single(byAlias!["items"]!.AsArray())!["slug"]!.GetValue<string>());
        Assert.Equal(slug, Assert.Single(byName!["items"]!.AsArray())!["slug"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_alias_is_added_once()
    {
        var slug = await _client.RegisterOrganizationAsync("windsurf");

        using var added = await _client.PostJsonAsync($"/api/organizations/{slug}/aliases", """{"alias":"Codeium"}""");
        using var again = await _client.PostJsonAsync($"/api/organizations/{slug}/aliases", """{"alias":"codeium"}""");

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Contains("Codeium", (await added.Content.ReadFromJsonAsync<JsonObject>())!["aliases"]!.AsArray().Select(alias => alias!.GetValue<string>()));
        await again.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_parent_changes_and_can_be_removed()
    {
        var alphabet = await _client.RegisterOrganizationAsync("alphabet");
        var google = await _client.RegisterOrganizationAsync("google");

        using var set = await _client.SendJsonAsync(HttpMethod.Put, $"/api/organizations/{google}/parent", $$"""{"parent":"{{alphabet}}"}""");
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(alphabet, (await set.Content.ReadFromJsonAsync<JsonObject>())!["parent"]!.GetValue<string>());

        using var removed = await _client.SendJsonAsync(HttpMethod.Put, $"/api/organizations/{google}/parent", """{"parent":null}""");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Null((await removed.Content.ReadFromJsonAsync<JsonObject>())!["parent"]);
    }

    [Fact]
    public async Task A_parent_change_that_would_make_a_cycle_is_a_409_and_changes_nothing()
    {
        var google = await _client.RegisterOrganizationAsync("google");
        var deepmind = await _client.RegisterOrganizationAsync("deepmind", parent: google);
        var london = await _client.RegisterOrganizationAsync("london", parent: deepmind);

        using var response = await _client.SendJsonAsync(HttpMethod.Put, $"/api/organizations/{google}/parent", $$"""{"parent":"{{london}}"}""");

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("cycle", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null((await _client.GetFromJsonAsync<JsonObject>($"/api/organizations/{google}"))!["parent"]);
    }

    [Fact]
    public async Task Two_parent_changes_sent_at_once_that_together_close_a_cycle_are_one_200_and_one_409()
    {
        // Each pair alone is fine (a under b, or b under a), together a loop; sent at the same moment, each request
        // would read the other's old parent unless parent changes are decided one at a time.
        var pairs = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
            (A: await _client.RegisterOrganizationAsync("loop-a"), B: await _client.RegisterOrganizationAsync("loop-b"))));

        var answers = await Task.WhenAll(pairs.SelectMany(pair => new[]
        {
            _client.SendJsonAsync(HttpMethod.Put, $"/api/organizations/{pair.A}/parent", $$"""{"parent":"{{pair.B}}"}"""),
            _client.SendJsonAsync(HttpMethod.Put, $"/api/organizations/{pair.B}/parent", $$"""{"parent":"{{pair.A}}"}"""),
        }));

        Assert.All(answers.Chunk(2), pair => Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.Conflict],
            pair.Select(answer => answer.StatusCode).Order()));
        foreach (var (a, b) in pairs)
        {
            var parentOfA = (await _client.GetFromJsonAsync<JsonObject>($"/api/organizations/{a}"))!["parent"]?.GetValue<string>();
            var parentOfB = (await _client.GetFromJsonAsync<JsonObject>($"/api/organizations/{b}"))!["parent"]?.GetValue<string>();
            Assert.True((parentOfA, parentOfB) is (null, not null) or (not null, null), $"{a} → {parentOfA}, {b} → {parentOfB}");
        }

        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Theory]
    [InlineData("""{"slug":"Google","name":"Google","kind":"big-tech"}""", "slug")]
    [InlineData("""{"slug":"ok-slug","name":"","kind":"big-tech"}""", "name")]
    [InlineData("""{"slug":"ok-slug","name":"Google","kind":"conglomerate"}""", "kind")]
    [InlineData("""{"slug":"ok-slug","name":"Google","kind":"big-tech","parent":"no-such-parent-org"}""", "parent")]
    [InlineData("""{"slug":"ok-slug","name":"Google","kind":"big-tech","founded":1998}""", "founded")]
    [InlineData("""{"slug":"ok-slug","name":"Google","kind":"big-tech","aliases":[""]}""", "aliases")]
    public async Task An_invalid_organization_is_a_400_naming_the_field(string body, string field)
    {
        using var response = await _client.PostJsonAsync("/api/organizations", body);

        await response.AssertNamesFieldsAsync(field);
    }

    [Fact]
    public async Task An_unknown_organization_is_a_404()
    {
        using var response = await _client.GetAsync($"/api/organizations/{PeopleRequests.Unique("nobody")}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_parent_change_with_a_stale_if_match_is_a_412()
    {
        var google = await _client.RegisterOrganizationAsync("google");
        var alphabet = await _client.RegisterOrganizationAsync("alphabet");
        using (await _client.PostJsonAsync($"/api/organizations/{google}/aliases", """{"alias":"Google LLC"}"""))
        {
        }

        using var response = await _client.SendJsonAsync(HttpMethod.Put, $"/api/organizations/{google}/parent", $$"""{"parent":"{{alphabet}}"}""", ("If-Match", "\"1\""));

        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Registering_again_with_the_same_idempotency_key_replays_the_first_answer()
    {
        var slug = PeopleRequests.Unique("synthesia");
        var body = $$"""{"slug":"{{slug}}","name":"Synthesia","kind":"startup"}""";
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());

        using var first = await _client.PostJsonAsync("/api/organizations", body, key);
        using var second = await _client.PostJsonAsync("/api/organizations", body, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
    }
}
