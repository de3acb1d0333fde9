
namespace TalentPlatform.Compensation.Tests;

public sealed class MarketDataTests(CompensationApi api) : IClassFixture<CompensationApi>
{
    private readonly HttpClient _analyst = api.Host.ClientAs("analyst");

    [Fact]
    public async Task A_band_is_stored_exactly_as_given()
    {
        var created = await _analyst.PostJsonAsync("/api/compensation/observations", CompensationRequests.UkBand).CreatedAsync();

        var observation = await _analyst.GetFromJsonAsync<JsonObject>($"/api/compensation/observations/{created["id"]}");
        Assert.Equal("GBP", observation!["currency"]!.GetValue<string>());
        Assert.Equal("annual", observation["period"]!.GetValue<string>());
        Assert.Equal("range", observation["kind"]!.GetValue<string>());
        Assert.Equal(140000m, observation["components"]!["base"]!["min"]!.GetValue<decimal>());
        Assert.Equal(300000m, observation["components"]!["base"]!["max"]!.GetValue<decimal>());
        Assert.Equal("estimate", observation["source"]!["attribution"]!.GetValue<string>());
    }

    [Fact]
    public async Task Points_and_averages_are_listed_by_role_and_country()
    {
        var role = $"role-{Guid.NewGuid():N}"[..14];
        foreach (var (kind, amount, level) in new[] { ("average", 175000, "mid"), ("point", 300000, "senior") })
        {
            await _analyst.PostJsonAsync("/api/compensation/observations", $$"""
                {"role":"{{role}}","level":"{{level}}","location":{"country":"US"},"currency":"USD","period":"annual","kind":"{{kind}}",
                 "components":{"base":{"amount":{{amount}} } },"observedOn":"2025-07-01","source":{{CompensationRequests.Source}}}
                """).CreatedAsync();
        }

        var all = await _analyst.GetFromJsonAsync<JsonObject>($"/api/compensation/observations?role={role}&country=US");
        var seniors = await _analyst.GetFromJsonAsync<JsonObject>($"/api/compensation/observations?role={role}&level=senior");

        Assert.Equal(2, all!["totalItems"]!.GetValue<int>());
        Assert.Equal(300000m, Assert.Single(seniors!["items"]!.AsArray())!["components"]!["base"]!["amount"]!.GetValue<decimal>());
    }

    [Theory]
    [InlineData("""{"role":"ml-engineer","currency":"USD","period":"hourly","kind":"point","components":{"base":{"amount":10000000}},"observedOn":"2025-07-01","source":SOURCE}""", "components.base.amount")]
    [InlineData("""{"role":"ml-engineer","currency":"USD","period":"annual","kind":"point","components":{"base":{"amount":-1}},"observedOn":"2025-07-01","source":SOURCE}""", "components.base.amount")]
    [InlineData("""{"role":"ml-engineer","currency":"USD","period":"annual","kind":"range","components":{"base":{"min":300000,"max":140000}},"observedOn":"2025-07-01","source":SOURCE}""", "components.base.min")]
    [InlineData("""{"role":"ml-engineer","currency":"USD","period":"annual","kind":"range","components":{"base":{"amount":1}},"observedOn":"2025-07-01","source":SOURCE}""", "components.base.min")]
    [InlineData("""{"role":"ml-engineer","currency":"USD","period":"annual","kind":"point","components":{},"observedOn":"2025-07-01","source":SOURCE}""", "components")]
    [InlineData("""{"role":"ml-engineer","currency":"XXX","period":"annual","kind":"point","components":{"base":{"amount":1}},"observedOn":"2025-07-01","source":SOURCE}""", "currency")]
    [InlineData("""{"role":"ml-engineer","currency":"USD","period":"weekly","kind":"point","components":{"base":{"amount":1}},"observedOn":"2025-07-01","source":SOURCE}""", "period")]
    [InlineData("""{"role":"ml-engineer","currency":"USD","period":"annual","kind":"point","components":{"base":{"amount":1}},"observedOn":"2025-07-01","source":SOURCE,"location":{"country":"UK"}}""", "location.country")]
    [InlineData("""{"role":"ml-engineer","currency":"USD","period":"annual","kind":"point","components":{"base":{"amount":1}},"observedOn":"2999-07-01","source":SOURCE}""", "observedOn")]
    [InlineData("""{"role":"ml-engineer","currency":"USD","period":"annual","kind":"point","components":{"base":{"amount":1},"perks":{"amount":1}},"observedOn":"2025-07-01","source":SOURCE}""", "components.perks")]
    [InlineData("""{"role":"","currency":"USD","period":"annual","kind":"point","components":{"base":{"amount":1}},"observedOn":"2025-07-01","source":SOURCE}""", "role")]
    public async Task An_invalid_observation_is_a_400_naming_the_field(string body, string field)
    {
        using var response = await _analyst.PostJsonAsync("/api/compensation/observations", body.Replace("SOURCE", CompensationRequests.Source, StringComparison.Ordinal));

        await response.AssertNamesFieldsAsync(field);
    }

    [Fact]
    public async Task Observations_come_in_all_or_nothing_batches_that_list_every_bad_row()
    {
        var role = $"batch-{Guid.NewGuid():N}"[..14];
        string Row(decimal amount, string currency = "USD") => $$"""
            {"role":"{{role}}","currency":"{{currency}}","period":"annual","kind":"point","components":{"base":{"amount":{{amount}} } },"observedOn":"2025-07-01","source":{{CompensationRequests.Source}} }
            """;

        using var rejected = await _analyst.PostJsonAsync("/api/compensation/observations/batch", $"{{\"rows\":[{Row(1)},{Row(-2)},{Row(3, "XYZ")}]}}");
        var created = await _analyst.PostJsonAsync("/api/compensation/observations/batch", $"{{\"rows\":[{Row(100_000)},{Row(200_000)}]}}").CreatedAsync();

        await rejected.AssertNamesFieldsAsync("rows[1].components.base.amount", "rows[2].currency");
        Assert.Equal(2, created["count"]!.GetValue<int>());
        Assert.Equal(2, (await _analyst.GetFromJsonAsync<JsonObject>($"/api/compensation/observations?role={role}"))!["totalItems"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_offer_keeps_competing_outcome_reports_and_states_the_current_one()
    {
        // Meta → Matt Deitke: about $250M over four years; later reports disagree on whether he accepted.
        var offer = await _analyst.PostJsonAsync("/api/compensation/offers", """
            {"organization":"meta","candidate":{"name":"Matt Deitke"},"currency":"USD","extendedOn":"2025-07-28",
             "package":{"total":250000000,"schedule":[{"year":1,"amount":62500000},{"year":2,"amount":62500000},{"year":3,"amount":62500000},{"year":4,"amount":62500000}]},
             "source":{"publisher":"The New York Times","publishedOn":"2025-08-01","attribution":"anonymous-source","status":"reported"}}
            """).CreatedAsync();
        var id = offer["id"]!.GetValue<string>();

        await RecordOutcomeAsync(id, "declined", "rumoured", "2025-08-02");
        await RecordOutcomeAsync(id, "accepted", "reported", "2025-08-05");
        await RecordOutcomeAsync(id, "withdrawn", "disputed", "2025-08-06");

        var read = await _analyst.GetFromJsonAsync<JsonObject>($"/api/compensation/offers/{id}");
        Assert.Equal(3, read!["outcomes"]!.AsArray().Count);
        Assert.Equal("accepted", read["currentOutcome"]!["outcome"]!.GetValue<string>());
        Assert.Equal(4, read["package"]!["schedule"]!.AsArray().Count);
        var byOrganization = await _analyst.GetFromJsonAsync<JsonObject>("/api/compensation/offers?organization=meta");
        Assert.Contains(byOrganization!["items"]!.AsArray(), item => item!["id"]!.GetValue<string>() == id);
    }

    [Fact]
    public async Task An_offer_to_a_group_with_figures_up_to_a_maximum_is_kept_as_such()
    {
        var offer = await _analyst.PostJsonAsync("/api/compensation/offers", """
            {"organization":"meta","candidate":{"group":"OpenAI staff"},"currency":"USD","extendedOn":"2025-06-17",
             "package":{"signOn":100000000,"upTo":true},
             "source":{"publisher":"Uncapped podcast","publishedOn":"2025-06-17","attribution":"named-person","status":"reported"}}
            """).CreatedAsync();

        Assert.Equal("OpenAI staff", offer["candidate"]!["group"]!.GetValue<string>());
        Assert.True(offer["package"]!["upTo"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("""{"organization":"meta","candidate":{},"currency":"USD","extendedOn":"2025-06-17","package":{"signOn":1},"source":SOURCE}""", "candidate")]
    [InlineData("""{"organization":"meta","candidate":{"name":"A","group":"B"},"currency":"USD","extendedOn":"2025-06-17","package":{"signOn":1},"source":SOURCE}""", "candidate")]
    [InlineData("""{"organization":"meta","candidate":{"name":"A"},"currency":"USD","extendedOn":"2025-06-17","package":{},"source":SOURCE}""", "package")]
    [InlineData("""{"organization":"meta","candidate":{"name":"A"},"currency":"USD","extendedOn":"2025-06-17","package":{"schedule":[{"year":2,"amount":1}]},"source":SOURCE}""", "package.schedule[0].year")]
    [InlineData("""{"organization":"meta","candidate":{"name":"A"},"currency":"USD","extendedOn":"2025-06-17","package":{"schedule":[null]},"source":SOURCE}""", "package.schedule[0]")]
    [InlineData("""{"organization":"meta","candidate":{"name":"A"},"currency":"USD","extendedOn":"2025-06-17","package":{"total":-5},"source":SOURCE}""", "package.total")]
    [InlineData("""{"organization":"Meta Platforms","candidate":{"name":"A"},"currency":"USD","extendedOn":"2025-06-17","package":{"total":5},"source":SOURCE}""", "organization")]
    public async Task An_invalid_offer_is_a_400_naming_the_field(string body, string field)
    {
        using var response = await _analyst.PostJsonAsync("/api/compensation/offers", body.Replace("SOURCE", CompensationRequests.Source, StringComparison.Ordinal));

        await response.AssertNamesFieldsAsync(field);
    }

    [Fact]
    public async Task An_outcome_for_an_unknown_offer_is_a_404()
    {
        using var response = await _analyst.PostJsonAsync($"/api/compensation/offers/{Guid.NewGuid()}/outcome", $$"""{"outcome":"accepted","source":{{CompensationRequests.Source}} }""");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task RecordOutcomeAsync(string offerId, string outcome, string status, string publishedOn)
    {
        using var response = await _analyst.PostJsonAsync($"/api/compensation/offers/{offerId}/outcome", $$"""
            {"outcome":"{{outcome}}","source":{"publisher":"Press {{publishedOn}}","publishedOn":"{{publishedOn}}","attribution":"anonymous-source","status":"{{status}}"} }
            """);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
