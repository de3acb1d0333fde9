using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using TalentPlatform.Testing;
using PeopleProgram = TalentPlatform.People.Program;

namespace TalentPlatform.People.Tests;

/// <summary>The People service on its own, against the shared test PostgreSQL and RabbitMQ.</summary>
public sealed class PeopleApi : IAsyncLifetime
{
    public string EntityPrefix { get; } = $"test-{Guid.NewGuid():N}.";

    public TestServers Servers { get; private set; } = null!;

    public ServiceHost<PeopleProgram> Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Servers = await TestServers.GetAsync();
        Host = new ServiceHost<PeopleProgram>(Servers, "services/People/TalentPlatform.People", $"talent_people_{Guid.NewGuid():N}", EntityPrefix);
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

internal static class PeopleRequests
{
    public const string Cnbc = """{"publisher":"CNBC","url":"https://example.com/cnbc","publishedOn":"2025-07-24","attribution":"anonymous-source","status":"reported"}""";

    /// <summary>A slug no other test in the fixture uses.</summary>
    public static string Unique(string stem) => $"{stem}-{Guid.NewGuid():N}"[..(stem.Length + 9)];

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json, params (string Name, string Value)[] headers) =>
        client.SendJsonAsync(HttpMethod.Post, path, json, headers);

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string path, string json, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return client.SendAsync(request);
    }

    public static async Task<string> RegisterOrganizationAsync(this HttpClient client, string stem, string kind = "big-tech", string? parent = null, string[]? aliases = null)
    {
        var slug = Unique(stem);
        var body = new JsonObject
        {
            ["slug"] = slug,
            ["name"] = $"{stem} {slug[^8..]}",
            ["kind"] = kind,
            ["aliases"] = new JsonArray([.. (aliases ?? []).Select(alias => (JsonNode)alias!)]),
            ["parent"] = parent,
        };
        using var response = await client.PostJsonAsync("/api/organizations", body.ToJsonString());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return slug;
    }

    public static async Task<Guid> RegisterPersonAsync(this HttpClient client, string name = "Alexandr Wang")
    {
        using var response = await client.PostJsonAsync("/api/people", $$"""{"name":"{{name}}","headline":"Founder","country":"US","expertise":["data labelling"]}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Guid.Parse((await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
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
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), $"expected an error for '{field}', got: {problem.ToJsonString()}");
    }
}
