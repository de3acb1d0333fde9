using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using TalentPlatform.Testing;
using CompensationProgram = TalentPlatform.Compensation.Program;

namespace TalentPlatform.Compensation.Tests;

/// <summary>The Compensation service on its own, against the shared test PostgreSQL and RabbitMQ.</summary>
public sealed class CompensationApi : IAsyncLifetime
{
    public string EntityPrefix { get; } = $"test-{Guid.NewGuid():N}.";

    public TestServers Servers { get; private set; } = null!;

    public ServiceHost<CompensationProgram> Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Servers = await TestServers.GetAsync();
        Host = new ServiceHost<CompensationProgram>(Servers, "services/Compensation/TalentPlatform.Compensation", $"talent_compensation_{Guid.NewGuid():N}", EntityPrefix);
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

internal static class CompensationRequests
{
    public const string Source = """{"publisher":"Business Insider","publishedOn":"2025-07-10","attribution":"anonymous-source","status":"reported"}""";

    public const string UkBand = """
        {"role":"ml-engineer","location":{"country":"GB"},"currency":"GBP","period":"annual","kind":"range",
         "components":{"base":{"min":140000,"max":300000}},"observedOn":"2025-07-01",
         "source":{"publisher":"Al Arabiya","publishedOn":"2025-07-20","attribution":"estimate","status":"reported"}}
        """;

    public static string Row(decimal baseAmount = 180000m, string country = "GB", string period = "annual") => $$"""
        {"role":"ml-engineer","level":"senior","location":{"country":"{{country}}","city":"London"},"currency":"GBP","period":"{{period}}",
         "components":{"base":{"amount":{{baseAmount}} },"bonus":{"amount":20000} },"effectiveOn":"2025-04-01"}
        """;

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return client.SendAsync(request);
    }

    public static async Task<JsonObject> CreatedAsync(this Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public static async Task<JsonObject> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public static async Task<JsonObject> AssertNamesFieldsAsync(this HttpResponseMessage response, params string[] fields)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        foreach (var field in fields)
        {
            Assert.True(errors.ContainsKey(field), $"expected an error for '{field}', got: {problem.ToJsonString()}");
        }

        return problem;
    }
}
