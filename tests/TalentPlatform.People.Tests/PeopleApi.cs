using PeopleProgram = TalentPlatform.People.Program;

namespace TalentPlatform.People.Tests;

/// <summary>The People service on its own, against the shared test PostgreSQL and RabbitMQ.</summary>
public sealed class PeopleApi() : ServiceFixture<PeopleProgram>("services/People/TalentPlatform.People", "people");

internal static class PeopleRequests
{
    public const string Cnbc = """{"publisher":"CNBC","url":"https://example.com/cnbc","publishedOn":"2025-07-24","attribution":"anonymous-source","status":"reported"}""";

    /// <summary>A slug no other test in the fixture uses.</summary>
    public static string Unique(string stem) => $"{stem}-{Guid.NewGuid():N}"[..(stem.Length + 9)];

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
}
