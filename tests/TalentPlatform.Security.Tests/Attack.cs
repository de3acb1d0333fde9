using System.Text;

namespace TalentPlatform.Security.Tests;

/// <summary>
/// The attacks share one platform and run one after another: some of them change what the others would
/// see (a quota spent, a message on the error queue).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AttackCollection : ICollectionFixture<TestPlatform>
{
    public const string Name = "attacks";
}

internal static class Attack
{
    /// <summary>A tenant id no other test uses.</summary>
    public static string NewTenant(string stem) => $"{stem}-{Guid.NewGuid():N}"[..(stem.Length + 13)];

    public const string Row = """
        {"role":"ml-engineer","level":"senior","location":{"country":"GB","city":"London"},"currency":"GBP","period":"annual",
         "components":{"base":{"amount":185000}},"effectiveOn":"2025-04-01"}
        """;

    public const string Deal = """
        {"type":"minority-stake","acquirer":"meta","target":"scale-ai","announcedOn":"2025-06-12","status":"announced"}
        """;

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json) => client.PostAsync(path, Json(json));

    public static async Task<JsonObject> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        return problem;
    }

    public static async Task AssertNamesFieldAsync(this HttpResponseMessage response, string field)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]?.AsObject().ContainsKey(field) == true, $"expected an error for '{field}', got: {problem.ToJsonString()}");
    }

    public static async Task<Guid> CreatedIdAsync(this Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"expected 201, got {(int)response.StatusCode}: {body}");
        return Guid.Parse(JsonNode.Parse(body)!["id"]!.GetValue<string>());
    }

    public static async Task<int> TotalItemsAsync(this HttpClient client, string path) =>
        (await client.GetFromJsonAsync<JsonObject>(path))!["totalItems"]!.GetValue<int>();
}
