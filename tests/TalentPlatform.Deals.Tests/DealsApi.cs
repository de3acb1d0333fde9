using DealsProgram = TalentPlatform.Deals.Program;

namespace TalentPlatform.Deals.Tests;

/// <summary>The Deals service on its own, against the shared test PostgreSQL and RabbitMQ.</summary>
public sealed class DealsApi() : ServiceFixture<DealsProgram>("services/Deals/TalentPlatform.Deals", "deals")
{
    public const string MetaScale = """
        {"type":"minority-stake","acquirer":"meta","target":"scale-ai","value":{"amount":14000000000,"currency":"USD"},"announcedOn":"2025-06-12","status":"announced"}
        """;
}

/// <summary>Requests as a client sends them, and the deal JSON it gets back.</summary>
internal static class DealRequests
{
    /// <summary>Records a deal and returns its id.</summary>
    public static async Task<Guid> RecordAsync(this HttpClient client, string json = DealsApi.MetaScale)
    {
        using var response = await client.PostJsonAsync("/api/deals", json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Guid.Parse((await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
    }

    public static async Task<JsonObject> ReadAsync(this HttpClient client, Guid dealId, string query = "")
    {
        using var response = await client.GetAsync($"/api/deals/{dealId}{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
