
namespace TalentPlatform.Deals.Tests;

public sealed class WriteRulesTests(DealsApi api) : IClassFixture<DealsApi>
{
    private const string Announce = """{"announcedOn":"2025-07-11"}""";
    private const string Rumour = """{"type":"licence-and-hire","acquirer":"google","target":"windsurf","status":"rumoured"}""";

    private readonly HttpClient _client = api.Host.ClientAs("analyst");

    [Fact]
    public async Task A_command_with_a_stale_if_match_is_a_412_and_appends_nothing()
    {
        var id = await _client.RecordAsync(Rumour);
        using (await _client.PostJsonAsync($"/api/deals/{id}/talent", """{"name":"Varun Mohan","role":"CEO"}"""))
        {
        }

        using var response = await _client.PostJsonAsync($"/api/deals/{id}/announce", Announce, ("If-Match", "\"1\""));

        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        var deal = await _client.ReadAsync(id);
        Assert.Equal(2, deal["version"]!.GetValue<int>());
        Assert.Equal("rumoured", deal["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_command_with_the_current_etag_goes_through()
    {
        var id = await _client.RecordAsync(Rumour);
        using var read = await _client.GetAsync($"/api/deals/{id}");

        using var response = await _client.PostJsonAsync($"/api/deals/{id}/announce", Announce, ("If-Match", read.Headers.ETag!.ToString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"2\"", response.Headers.ETag?.ToString());
    }

    [Theory]
    [InlineData("*")]
    [InlineData("\"one\"")]
    [InlineData("1")]
    public async Task An_if_match_that_is_not_a_version_is_a_400(string ifMatch)
    {
        var id = await _client.RecordAsync(Rumour);

        using var response = await _client.PostJsonAsync($"/api/deals/{id}/announce", Announce, ("If-Match", ifMatch));

        await response.AssertNamesFieldsAsync("If-Match");
    }

    [Fact]
    public async Task Recording_again_with_the_same_idempotency_key_replays_the_first_answer_and_records_nothing()
    {
        var org = $"idem-{Guid.NewGuid():N}"[..16];
        var body = $$"""{"type":"acquihire","acquirer":"{{org}}","target":"a-lab","status":"rumoured"}""";
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());

        using var first = await _client.PostJsonAsync("/api/deals", body, key);
        using var second = await _client.PostJsonAsync("/api/deals", body, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, (await _client.GetFromJsonAsync<JsonObject>($"/api/deals?organization={org}"))!["totalItems"]!.GetValue<int>());
    }

    [Fact]
    public async Task Concurrent_requests_with_one_idempotency_key_record_one_deal()
    {
        var org = $"race-{Guid.NewGuid():N}"[..16];
        var body = $$"""{"type":"acquihire","acquirer":"{{org}}","target":"a-lab","status":"rumoured"}""";
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _client.PostJsonAsync("/api/deals", body, key)));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.Created, response.StatusCode));
        Assert.Single(responses.Select(response => response.Headers.Location).Distinct());
        Assert.Equal(1, (await _client.GetFromJsonAsync<JsonObject>($"/api/deals?organization={org}"))!["totalItems"]!.GetValue<int>());
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Repeating_a_transition_with_its_idempotency_key_replays_it_instead_of_a_409()
    {
        var id = await _client.RecordAsync(Rumour);
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());

        using var first = await _client.PostJsonAsync($"/api/deals/{id}/announce", Announce, key);
        using var retry = await _client.PostJsonAsync($"/api/deals/{id}/announce", Announce, key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(2, (await _client.ReadAsync(id))["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Reusing_an_idempotency_key_for_a_different_request_is_a_422()
    {
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());
        using (await _client.PostJsonAsync("/api/deals", Rumour, key))
        {
        }

        using var different = await _client.PostJsonAsync("/api/deals", Rumour.Replace("windsurf", "codeium", StringComparison.Ordinal), key);

        await different.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task An_unusable_idempotency_key_is_a_400()
    {
        using var response = await _client.PostJsonAsync("/api/deals", Rumour, ("Idempotency-Key", new string('k', 300)));

        await response.AssertNamesFieldsAsync("Idempotency-Key");
    }
}
