using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using TalentPlatform.Testing;
using DealsProgram = TalentPlatform.Deals.Program;

namespace TalentPlatform.Deals.Tests;

/// <summary>The Deals service on its own, against the shared test PostgreSQL and RabbitMQ.</summary>
public sealed class DealsApi : IAsyncLifetime
{
    public const string MetaScale = """
        {"type":"minority-stake","acquirer":"meta","target":"scale-ai","value":{"amount":14000000000,"currency":"USD"},"announcedOn":"2025-06-12","status":"announced"}
        """;

    public string EntityPrefix { get; } = $"test-{Guid.NewGuid():N}.";

    public TestServers Servers { get; private set; } = null!;

    public ServiceHost<DealsProgram> Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Servers = await TestServers.GetAsync();
        Host = new ServiceHost<DealsProgram>(
            Servers,
            "services/Deals/TalentPlatform.Deals",
            $"talent_deals_{Guid.NewGuid():N}",
            EntityPrefix);
        _ = Host.Server;
    }

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}

/// <summary>Requests as a client sends them, and the deal JSON it gets back.</summary>
internal static class DealRequests
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return client.SendAsync(request);
    }

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

    public static async Task<JsonObject> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public static async Task AssertNamesFieldAsync(this HttpResponseMessage response, string field)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"expected an error for '{field}', got: {problem.ToJsonString()}");
    }
}
