using System.Net.Http.Headers;

namespace TalentPlatform.Gateway.Tests;

/// <summary>The gateway sends an upload to the service that owns its kind, and a read to the service its id names.</summary>
public sealed class ImportRoutesTests(GatewayHost host) : IClassFixture<GatewayHost>
{
    [Fact]
    public async Task An_import_goes_to_the_service_that_owns_its_kind()
    {
        using var analyst = host.Client(GatewayHost.AnalystKey);
        var key = Guid.NewGuid().ToString("N");

        using var response = await analyst.SendAsync(Upload("/api/imports?kind=deals&mode=valid-rows", key));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(key, host.Received["/api/imports"]["Idempotency-Key"].ToString());
    }

    [Theory]
    [InlineData("/api/imports")]
    [InlineData("/api/imports?kind=nothing")]
    [InlineData("/api/imports?kind=Deals")]
    public async Task An_import_of_no_known_kind_is_a_400_naming_kind_and_the_kinds(string path)
    {
        using var analyst = host.Client(GatewayHost.AnalystKey);
        var key = Guid.NewGuid().ToString("N");

        using var response = await analyst.SendAsync(Upload(path, key));

        var problem = await response.AssertNamesFieldsAsync("kind");
        Assert.Contains("deals", problem["errors"]!["kind"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(host.Received.TryGetValue("/api/imports", out var received) && received["Idempotency-Key"] == key);
    }

    [Fact]
    public async Task A_customer_importing_deals_is_a_403_and_without_a_key_a_401()
    {
        using var customer = host.Client(GatewayHost.CustomerKey);
        using var forbidden = await customer.SendAsync(Upload("/api/imports?kind=deals", "k"));
        await forbidden.AssertProblemAsync(HttpStatusCode.Forbidden);

        using var anonymous = host.Client(apiKey: null);
        using var unauthorized = await anonymous.SendAsync(Upload("/api/imports?kind=nothing", "k"));
        await unauthorized.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Reading_an_import_goes_to_the_service_its_id_names()
    {
        using var customer = host.Client(GatewayHost.CustomerKey);
        var id = $"deals-{Guid.NewGuid():N}";

        using var read = await customer.GetAsync($"/api/imports/{id}");

        Assert.True(host.Received.ContainsKey($"/api/imports/{id}"));
        using var unknownOwner = await customer.GetAsync($"/api/imports/nobody-{Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.NotFound, unknownOwner.StatusCode);
    }

    private static HttpRequestMessage Upload(string path, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent("{}\n"),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }
}
