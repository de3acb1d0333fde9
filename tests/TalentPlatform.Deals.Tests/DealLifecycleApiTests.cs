
namespace TalentPlatform.Deals.Tests;

public sealed class DealLifecycleApiTests(DealsApi api) : IClassFixture<DealsApi>
{
    private const string Rumour = """{"type":"licence-and-hire","acquirer":"google","target":"windsurf","status":"rumoured"}""";

    private readonly HttpClient _client = api.Host.ClientAs("analyst");

    [Fact]
    public async Task A_rumour_is_announced_then_closed_and_each_step_moves_the_etag()
    {
        var id = await _client.RecordAsync(Rumour);

        using var announced = await _client.PostJsonAsync($"/api/deals/{id}/announce", """{"announcedOn":"2025-07-11"}""");
        Assert.Equal(HttpStatusCode.OK, announced.StatusCode);
        Assert.Equal("\"2\"", announced.Headers.ETag?.ToString());
        var afterAnnouncement = await announced.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("announced", afterAnnouncement!["status"]!.GetValue<string>());
        Assert.Equal("2025-07-11", afterAnnouncement["announcedOn"]!.GetValue<string>());

        using var closed = await _client.PostJsonAsync($"/api/deals/{id}/close", """{"closedOn":"2025-07-14"}""");
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal("\"3\"", closed.Headers.ETag?.ToString());

        var deal = await _client.ReadAsync(id);
        Assert.Equal("closed", deal["status"]!.GetValue<string>());
        Assert.Equal("2025-07-14", deal["closedOn"]!.GetValue<string>());
        Assert.Equal(3, deal["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_deal_is_cancelled_with_its_reason()
    {
        var id = await _client.RecordAsync(Rumour);

        using var cancelled = await _client.PostJsonAsync($"/api/deals/{id}/cancel", """{"cancelledOn":"2025-07-10","reason":"OpenAI's offer lapsed"}""");

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var deal = await _client.ReadAsync(id);
        Assert.Equal("cancelled", deal["status"]!.GetValue<string>());
        Assert.Equal("OpenAI's offer lapsed", deal["cancellationReason"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("close", """{"closedOn":"2025-07-14"}""", "announce it")]
    public async Task An_illegal_transition_is_a_409_that_says_why(string action, string body, string reason)
    {
        var id = await _client.RecordAsync(Rumour);

        using var response = await _client.PostJsonAsync($"/api/deals/{id}/{action}", body);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains(reason, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, (await _client.ReadAsync(id))["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Cancelling_a_closed_deal_is_a_409_and_appends_nothing()
    {
        var id = await _client.RecordAsync();
        using (await _client.PostJsonAsync($"/api/deals/{id}/close", """{"closedOn":"2025-07-01"}"""))
        {
        }

        using var response = await _client.PostJsonAsync($"/api/deals/{id}/cancel", """{"cancelledOn":"2025-07-02","reason":"Second thoughts"}""");

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(2, (await _client.ReadAsync(id))["version"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("announce", """{"announcedOn":"2999-01-01"}""", "announcedOn")]
    [InlineData("announce", """{}""", "announcedOn")]
    [InlineData("close", """{"closedOn":"not a date"}""", "closedOn")]
    [InlineData("cancel", """{"cancelledOn":"2025-07-10","reason":"  "}""", "reason")]
    [InlineData("cancel", """{"cancelledOn":"2025-07-10"}""", "reason")]
    [InlineData("cancel", """{"cancelledOn":"2025-07-10","reason":"x","by":"me"}""", "by")]
    public async Task An_invalid_transition_request_is_a_400_naming_the_field(string action, string body, string field)
    {
        var id = await _client.RecordAsync(Rumour);

        using var response = await _client.PostJsonAsync($"/api/deals/{id}/{action}", body);

        await response.AssertNamesFieldsAsync(field);
    }

    [Theory]
    [InlineData("announce", """{"announcedOn":"2025-07-11"}""")]
    [InlineData("close", """{"closedOn":"2025-07-11"}""")]
    [InlineData("cancel", """{"cancelledOn":"2025-07-11","reason":"x"}""")]
    [InlineData("terms", """{"value":{"amount":1,"currency":"USD"},"source":{"publisher":"CNBC","publishedOn":"2025-07-11","attribution":"estimate","status":"reported"}}""")]
    [InlineData("talent", """{"name":"Varun Mohan","role":"CEO"}""")]
    public async Task A_command_on_an_unknown_deal_is_a_404(string action, string body)
    {
        using var response = await _client.PostJsonAsync($"/api/deals/{Guid.NewGuid()}/{action}", body);

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
