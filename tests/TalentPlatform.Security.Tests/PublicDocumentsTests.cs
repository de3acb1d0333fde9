
namespace TalentPlatform.Security.Tests;

/// <summary>The API's description is public; nothing behind it is.</summary>
[Collection(AttackCollection.Name)]
public sealed class PublicDocumentsTests(TestPlatform platform)
{
    [Fact]
    public async Task One_OpenAPI_document_describes_every_services_routes_and_the_key_header_without_a_key()
    {
        using var anonymous = platform.Client(apiKey: null);

        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/platform.json"))!.AsObject();

        var paths = document["paths"]!.AsObject().Select(path => path.Key).ToList();
        foreach (var expected in new[]
        {
            "/api/deals", "/api/deals/{id}", "/api/organizations", "/api/people", "/api/talent-moves/group",
            "/api/compensation/observations", "/api/compensation/submissions/batch", "/api/insights/deals/league-table",
            "/api/admin/tenants", "/api/admin/tenants/{tenant}/keys", "/api/admin/keys/{id}/revoke",
            "/api/webhooks", "/api/webhooks/{id}/rotate-secret", "/api/webhooks/{id}/deliveries/{deliveryId}/redeliver",
        })
        {
            Assert.Contains(expected, paths);
        }

        var scheme = document["components"]!["securitySchemes"]!["ApiKey"]!;
        Assert.Equal(("apiKey", "header", "X-Api-Key"), (scheme["type"]!.GetValue<string>(), scheme["in"]!.GetValue<string>(), scheme["name"]!.GetValue<string>()));
        Assert.Equal(["Admin", "Compensation", "Deals", "Insights", "People", "Webhooks"], document["tags"]!.AsArray().Select(tag => tag!["name"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task Every_schema_property_says_what_it_is_so_clients_can_be_generated_from_the_document()
    {
        using var anonymous = platform.Client(apiKey: null);

        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/platform.json"))!.AsObject();

        // Strings are read through a converter that refuses control characters; it must not erase their type.
        var untyped = document["components"]!["schemas"]!.AsObject()
            .SelectMany(schema => (schema.Value!["properties"]?.AsObject() ?? []).Select(property => (Name: $"{schema.Key}.{property.Key}", Schema: property.Value!.AsObject())))
            .Where(property => !property.Schema.ContainsKey("type") && !property.Schema.ContainsKey("$ref") && !property.Schema.ContainsKey("oneOf") && !property.Schema.ContainsKey("allOf"))
            .Select(property => property.Name)
            .ToList();
        var typelessItems = document["components"]!["schemas"]!.AsObject()
            .SelectMany(schema => (schema.Value!["properties"]?.AsObject() ?? []).Select(property => (Name: $"{schema.Key}.{property.Key}", Schema: property.Value!.AsObject())))
            .Where(property => property.Schema["type"]?.ToJsonString().Contains("array", StringComparison.Ordinal) == true && property.Schema["items"] is not JsonObject { Count: > 0 })
            .Select(property => property.Name)
            .ToList();

        Assert.Empty(untyped);
        Assert.Empty(typelessItems);
        Assert.Equal("\"string\"", document["components"]!["schemas"]!["RecordDealRequest"]!["properties"]!["acquirer"]!["type"]!.ToJsonString());
    }

    [Fact]
    public async Task The_docs_page_and_its_script_load_without_a_key()
    {
        using var anonymous = platform.Client(apiKey: null);

        using var page = await anonymous.GetAsync("/docs");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("platform.json", html, StringComparison.Ordinal);
        foreach (var script in System.Text.RegularExpressions.Regex.Matches(html, "src=\"([^\"]+)\"").Select(match => match.Groups[1].Value))
        {
            using var loaded = await anonymous.GetAsync(new Uri(new Uri(platform.Gateway.Address, "/docs/"), script));
            Assert.True(loaded.StatusCode == HttpStatusCode.OK, $"{script}: {loaded.StatusCode}");
        }
    }

    [Fact]
    public async Task Each_service_serves_its_own_document_without_a_token_and_nothing_else()
    {
        foreach (var address in new[] { platform.Deals.Address, platform.People.Address, platform.Compensation.Address, platform.Insights.Address, platform.Webhooks.Address })
        {
            using var direct = new HttpClient { BaseAddress = address };
            using var document = await direct.GetAsync("/openapi/v1.json");
            using var data = await direct.GetAsync("/api/deals");

            Assert.Equal(HttpStatusCode.OK, document.StatusCode);
            Assert.NotEqual(HttpStatusCode.OK, data.StatusCode);
        }
    }
}
