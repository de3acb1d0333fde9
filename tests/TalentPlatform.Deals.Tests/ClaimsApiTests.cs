
namespace TalentPlatform.Deals.Tests;

public sealed class ClaimsApiTests(DealsApi api) : IClassFixture<DealsApi>
{
    private readonly HttpClient _client = api.Host.ClientAs("analyst");

    [Fact]
    public async Task Competing_claims_are_all_kept_and_the_confirmed_one_is_current()
    {
        // Meta–Scale AI: $14B reported by the press, $14.3B for 49 % announced, $14.8B in an earlier report.
        var id = await _client.RecordAsync("""
            {"type":"minority-stake","acquirer":"meta","target":"scale-ai","status":"announced","announcedOn":"2025-06-12",
             "value":{"amount":14000000000,"currency":"USD"},
             "source":{"publisher":"Reuters","url":"https://example.com/reuters","publishedOn":"2025-06-13","attribution":"anonymous-source","status":"reported"}}
            """);
        await ClaimAsync(id, """
            {"value":{"amount":14300000000,"currency":"USD"},"stakePercent":49,
             "source":{"publisher":"Scale AI","url":"https://example.com/scale","publishedOn":"2025-06-12","attribution":"company-statement","status":"confirmed"}}
            """);
        await ClaimAsync(id, """
            {"value":{"amount":14800000000,"currency":"USD"},
             "source":{"publisher":"The Information","publishedOn":"2025-06-10","attribution":"anonymous-source","status":"reported"}}
            """);

        var deal = await _client.ReadAsync(id);

        Assert.Equal(14_300_000_000m, deal["value"]!["amount"]!.GetValue<decimal>());
        Assert.Equal("confirmed", deal["value"]!["claimStatus"]!.GetValue<string>());
        Assert.Equal(49m, deal["stake"]!["percent"]!.GetValue<decimal>());
        var claims = deal["claims"]!.AsArray();
        Assert.Equal(4, claims.Count);
        Assert.Equal(
            [14_000_000_000m, 14_300_000_000m, 14_800_000_000m],
            claims.Where(claim => claim!["term"]!.GetValue<string>() == "value").Select(claim => claim!["value"]!["amount"]!.GetValue<decimal>()).Order());
        Assert.Contains(claims, claim => claim!["source"]?["publisher"]?.GetValue<string>() == "The Information");
    }

    [Fact]
    public async Task A_disputed_claim_never_becomes_current()
    {
        var id = await _client.RecordAsync();

        await ClaimAsync(id, """
            {"value":{"amount":99000000000,"currency":"USD"},
             "source":{"publisher":"Rival blog","publishedOn":"2025-06-20","attribution":"named-person","status":"disputed"}}
            """);

        var deal = await _client.ReadAsync(id);
        Assert.Equal(14_000_000_000m, deal["value"]!["amount"]!.GetValue<decimal>());
        Assert.Equal(2, deal["claims"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("""{"source":{"publisher":"CNBC","publishedOn":"2025-06-12","attribution":"estimate","status":"reported"}}""", "value")]
    [InlineData("""{"value":{"amount":1,"currency":"USD"}}""", "source")]
    [InlineData("""{"value":{"amount":0,"currency":"USD"},"source":{"publisher":"CNBC","publishedOn":"2025-06-12","attribution":"estimate","status":"reported"}}""", "value.amount")]
    [InlineData("""{"value":{"amount":1,"currency":"BTC"},"source":{"publisher":"CNBC","publishedOn":"2025-06-12","attribution":"estimate","status":"reported"}}""", "value.currency")]
    [InlineData("""{"stakePercent":101,"source":{"publisher":"CNBC","publishedOn":"2025-06-12","attribution":"estimate","status":"reported"}}""", "stakePercent")]
    [InlineData("""{"stakePercent":10,"source":{"publisher":"CNBC","publishedOn":"2025-06-12","attribution":"rumour-mill","status":"reported"}}""", "source.attribution")]
    [InlineData("""{"stakePercent":10,"source":{"publisher":"CNBC","publishedOn":"2025-06-12","attribution":"estimate","status":"reported","trust":1}}""", "source.trust")]
    public async Task An_invalid_claim_is_a_400_naming_the_field(string body, string field)
    {
        var id = await _client.RecordAsync();

        using var response = await _client.PostJsonAsync($"/api/deals/{id}/terms", body);

        await response.AssertNamesFieldsAsync(field);
    }

    private async Task ClaimAsync(Guid id, string body)
    {
        using var response = await _client.PostJsonAsync($"/api/deals/{id}/terms", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(await response.Content.ReadFromJsonAsync<JsonObject>());
    }
}
