namespace TalentPlatform.Webhooks.Tests;

[Collection(WebhooksCollection.Name)]
public sealed class SubscriptionsApiTests(WebhooksPlatform fixture)
{
    private TestPlatform Platform => fixture.Platform;

    [Fact]
    public async Task A_subscription_is_created_with_its_secret_shown_once_then_listed_read_paused_resumed_and_deleted()
    {
        using var customer = Platform.Customer();
        var url = fixture.Receiver.Endpoint();

        using var created = await customer.PostAsJsonAsync("/api/webhooks", new
        {
            url,
            events = new[] { "deal.announced", "talent.moved" },
            filter = new { organization = "openai", type = "acquisition" },
            description = "CRM sync",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var secret = body["secret"]!.GetValue<string>();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        var id = body["subscription"]!["id"]!.GetValue<string>();
        Assert.Equal($"/api/webhooks/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("active", body["subscription"]!["status"]!.GetValue<string>());

        var read = await Hooks.GetAsync(customer, $"/api/webhooks/{id}");
        Assert.Equal(url, read["url"]!.GetValue<string>());
        Assert.Equal("openai", read["filter"]!["organization"]!.GetValue<string>());
        Assert.DoesNotContain(secret, read.ToJsonString(), StringComparison.Ordinal);

        var list = await Hooks.GetAsync(customer, "/api/webhooks?pageSize=200");
        Assert.Contains(list["items"]!.AsArray(), item => item!["id"]!.GetValue<string>() == id);
        Assert.DoesNotContain(secret, list.ToJsonString(), StringComparison.Ordinal);

        using (var paused = await customer.PostAsync($"/api/webhooks/{id}/pause", null))
        {
            var view = (await paused.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal("paused", view["status"]!.GetValue<string>());
            Assert.Equal("Paused by the subscriber.", view["pausedReason"]!.GetValue<string>());
        }

        using (var resumed = await customer.PostAsync($"/api/webhooks/{id}/resume", null))
        {
            var view = (await resumed.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal("active", view["status"]!.GetValue<string>());
            Assert.Null(view["pausedReason"]);
        }

        using (var deleted = await customer.DeleteAsync($"/api/webhooks/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var gone = await customer.GetAsync($"/api/webhooks/{id}");
        await gone.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Each_invalid_field_is_named_in_a_400()
    {
        using var customer = Platform.Customer();

        using var empty = await customer.PostJsonAsync("/api/webhooks", "{}");
        await empty.AssertNamesFieldsAsync("url", "events");

        using var wrong = await customer.PostAsJsonAsync("/api/webhooks", new
        {
            url = "ftp://example.com/hooks",
            events = new[] { "deal.announced", "deal.exploded" },
            filter = new { organization = "Not A Slug", type = "hostile-takeover" },
            description = new string('x', 501),
        });
        await wrong.AssertNamesFieldsAsync("url", "events[1]", "filter.organization", "filter.type", "description");

        using var twice = await customer.PostAsJsonAsync("/api/webhooks", new { url = fixture.Receiver.Endpoint(), events = new[] { "deal.closed", "deal.closed" } });
        await twice.AssertNamesFieldsAsync("events");

        using var plain = await customer.PostAsJsonAsync("/api/webhooks", new { url = "http://example.com/hooks", events = new[] { "deal.closed" } });
        var problem = await plain.AssertNamesFieldsAsync("url");
        Assert.Contains("HTTPS", problem["errors"]!["url"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        using var badStatus = await customer.GetAsync($"/api/webhooks/{Guid.NewGuid()}/deliveries?status=lost");
        await badStatus.AssertNamesFieldsAsync("status");
    }

    [Fact]
    public async Task An_analyst_key_may_not_manage_webhooks()
    {
        using var analyst = Platform.Analyst();

        using var refused = await analyst.PostAsJsonAsync("/api/webhooks", new { url = fixture.Receiver.Endpoint(), events = new[] { "deal.closed" } });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var list = await analyst.GetAsync("/api/webhooks");
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
    }

    [Fact]
    public async Task Another_tenants_subscription_is_unknown_to_every_route_and_missing_from_the_list()
    {
        var tenant = Hooks.UniqueSlug("hooks");
        var other = await Platform.IssueKeyAsync(tenant, "customer");
        using var owner = Platform.Customer();
        using var stranger = Platform.Client(other.Key);
        var (id, _) = await Hooks.SubscribeAsync(owner, fixture.Receiver.Endpoint(), ["deal.closed"]);

        using (var read = await stranger.GetAsync($"/api/webhooks/{id}"))
        {
            await read.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        foreach (var path in new[] { "pause", "resume", "rotate-secret" })
        {
            using var refused = await stranger.PostAsync($"/api/webhooks/{id}/{path}", null);
            await refused.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        using (var deliveries = await stranger.GetAsync($"/api/webhooks/{id}/deliveries"))
        {
            await deliveries.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        using (var deleted = await stranger.DeleteAsync($"/api/webhooks/{id}"))
        {
            await deleted.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        var list = await Hooks.GetAsync(stranger, "/api/webhooks");
        Assert.Empty(list["items"]!.AsArray());
        var still = await Hooks.GetAsync(owner, $"/api/webhooks/{id}");
        Assert.Equal("active", still["status"]!.GetValue<string>());
    }
}
