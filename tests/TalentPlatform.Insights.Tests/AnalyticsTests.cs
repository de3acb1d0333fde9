using TalentPlatform.Compensation.Contracts;

namespace TalentPlatform.Insights.Tests;

public sealed class AnalyticsTests(InsightsHost insights) : IClassFixture<InsightsHost>
{
    private readonly HttpClient _customer = insights.Host.ClientAs("customer");

    [Fact]
    public async Task A_cell_of_four_is_suppressed_and_a_cell_of_five_shows_its_middle_percentiles()
    {
        var role = Messages.Unique("ml-engineer");
        await DeliverAsync([.. Enumerable.Range(1, 4).Select(i => Messages.Point(role, "senior", "US", 100_000m * i))]);

        var four = await BenchmarkAsync(role);
        Assert.Equal("primary", four["total"]!["suppression"]!.GetValue<string>());
        Assert.Null(four["total"]!["n"]);
        Assert.Null(four["total"]!["measures"]!["base"]);

        await DeliverAsync([Messages.Point(role, "senior", "US", 500_000m)]);

        var five = (await BenchmarkAsync(role))["total"]!;
        Assert.Equal(5, five["n"]!.GetValue<int>());
        var basePay = five["measures"]!["base"]!;
        Assert.Equal(200_000m, basePay["p25"]!.GetValue<decimal>());
        Assert.Equal(300_000m, basePay["p50"]!.GetValue<decimal>());
        Assert.Equal(400_000m, basePay["p75"]!.GetValue<decimal>());
        Assert.Null(basePay["p10"]);
        Assert.Null(basePay["p90"]);
    }

    [Fact]
    public async Task Tenant_rows_are_pooled_annualised_and_never_named()
    {
        var role = Messages.Unique("data-scientist");
        var rows = Enumerable.Range(1, 5).Select(i => Messages.Row($"tenant-{i}", role, "mid", "US", 10_000m * i)).ToList();
        foreach (var row in rows)
        {
            var id = Guid.NewGuid();
            await insights.SendAsync(CompensationSubmitted.Queue, row, id);
            await insights.ConsumedAsync(id);
        }

        var total = (await BenchmarkAsync(role))["total"]!;

        Assert.Equal(5, total["tenantRows"]!.GetValue<int>());
        Assert.Empty(total["marketFacts"]!.AsArray());
        Assert.Equal(360_000m, total["measures"]!["base"]!["p50"]!.GetValue<decimal>());
        Assert.DoesNotContain(rows[0].SubmissionId.ToString(), total.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lone_small_cell_is_protected_by_a_complementary_one()
    {
        var role = Messages.Unique("researcher");
        await DeliverAsync([
            .. Enumerable.Range(1, 6).Select(i => Messages.Point(role, "senior", "GB", 100_000m + i, "USD")),
            .. Enumerable.Range(1, 7).Select(i => Messages.Point(role, "mid", "GB", 80_000m + i, "USD")),
            .. Enumerable.Range(1, 3).Select(i => Messages.Point(role, "junior", "GB", 50_000m + i, "USD")),
        ]);

        var cells = (await BenchmarkAsync(role))["cells"]!.AsArray().ToDictionary(cell => cell!["level"]!.GetValue<string>());

        Assert.Equal("primary", cells["junior"]!["suppression"]!.GetValue<string>());
        Assert.Equal("complementary", cells["senior"]!["suppression"]!.GetValue<string>());
        Assert.Null(cells["senior"]!["n"]);
        Assert.Equal("none", cells["mid"]!["suppression"]!.GetValue<string>());
        Assert.Equal(7, cells["mid"]!["n"]!.GetValue<int>());
    }

    [Fact]
    public async Task Pay_in_a_currency_with_a_rate_is_converted_and_without_one_is_left_out_and_counted()
    {
        var role = Messages.Unique("ml-engineer");
        await DeliverAsync([
            .. Enumerable.Range(1, 5).Select(i => Messages.Point(role, "senior", "GB", 100_000m, "GBP")),
            Messages.Point(role, "senior", "GB", 1_000_000m, "SEK"),
        ]);

        var total = (await BenchmarkAsync(role))["total"]!;

        // Observed 2025-07-01: the shipped GBP rate dated 2024-07-01 (1.2781 USD) is in force.
        Assert.Equal(127_810m, total["measures"]!["base"]!["p50"]!.GetValue<decimal>());
        Assert.Equal(5, total["n"]!.GetValue<int>());
        Assert.Equal(1, total["excludedUnconverted"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_band_is_shown_as_a_band_with_its_conversion()
    {
        var role = Messages.Unique("ml-engineer");
        var band = Messages.Point(role, "senior", "GB", 0m, "GBP") with
        {
            Kind = "range",
            Components = new PayComponents(new PayFigure(null, 140_000m, 300_000m), null, null, null),
        };
        await DeliverAsync([band]);

        var shown = Assert.Single((await BenchmarkAsync(role))["total"]!["bands"]!.AsArray())!;

        Assert.Equal(140_000m, shown["min"]!["amount"]!.GetValue<decimal>());
        Assert.Equal(178_934m, shown["min"]!["usd"]!.GetValue<decimal>());
        Assert.Equal(383_430m, shown["max"]!["usd"]!.GetValue<decimal>());
        Assert.Equal("2024-07-01", shown["max"]!["rateOn"]!.GetValue<string>());
    }

    [Fact]
    public async Task Talent_flows_count_named_and_group_moves_and_mark_minimums_and_roll_up_to_parents()
    {
        var (google, deepmind, microsoft, windsurf) = (Messages.Unique("google"), Messages.Unique("deepmind"), Messages.Unique("microsoft"), Messages.Unique("windsurf"));
        await DeliverAsync([
            Messages.Organization(google),
            Messages.Organization(deepmind, parent: google),
            Messages.Organization(microsoft),
            Messages.Organization(windsurf),
            Messages.Group(deepmind, microsoft, 20, minimum: true),
            Messages.Person("Varun Mohan", windsurf, deepmind),
        ]);

        var flows = await _customer.GetFromJsonAsync<JsonObject>($"/api/insights/talent-flows?organization={deepmind}");
        var rolledUp = await _customer.GetFromJsonAsync<JsonObject>($"/api/insights/talent-flows?organization={deepmind}&rollUp=true");

        Assert.Equal(20, flows!["outflow"]!["people"]!.GetValue<int>());
        Assert.True(flows["outflow"]!["isMinimum"]!.GetValue<bool>());
        Assert.Equal(1, flows["inflow"]!["people"]!.GetValue<int>());
        Assert.Equal(-19, flows["net"]!.GetValue<int>());
        var toMicrosoft = flows["counterparties"]!.AsArray().Single(party => party!["organization"]!.GetValue<string>() == microsoft)!;
        Assert.Equal(-20, toMicrosoft["net"]!.GetValue<int>());
        Assert.Equal(google, rolledUp!["organization"]!.GetValue<string>());
        Assert.Equal(20, rolledUp["outflow"]!["people"]!.GetValue<int>());
    }

    [Fact]
    public async Task Reference_data_is_recorded_by_analysts_listed_for_all_and_validated()
    {
        using var analyst = insights.Host.ClientAs("analyst");
        var day = new DateOnly(2025, 1, 1).AddDays(Random.Shared.Next(0, 150)).ToString("yyyy-MM-dd");

        using var recorded = await analyst.PostAsJsonAsync("/api/insights/reference/fx-rates", new
        {
            currency = "SGD",
            usdPerUnit = 0.74m,
            on = day,
            source = new { publisher = "Monetary Authority of Singapore", publishedOn = day, attribution = "company-statement", status = "confirmed" },
        });
        using var byCustomer = await _customer.PostAsJsonAsync("/api/insights/reference/fx-rates", new { currency = "SGD", usdPerUnit = 1m, on = day, source = new { } });
        using var invalid = await analyst.PostAsJsonAsync("/api/insights/reference/fx-rates", new
        {
            currency = "USD",
            usdPerUnit = -1m,
            on = day,
            source = new { publisher = "X", publishedOn = day, attribution = "estimate", status = "reported" },
        });

        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byCustomer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("currency") && errors.ContainsKey("usdPerUnit"));
        var listed = await _customer.GetFromJsonAsync<JsonObject>("/api/insights/reference/fx-rates?currency=SGD");
        Assert.Contains(listed!["items"]!.AsArray(), rate => rate!["on"]!.GetValue<string>() == day);
        var shipped = await _customer.GetFromJsonAsync<JsonObject>("/api/insights/reference/fx-rates?currency=GBP");
        Assert.Contains(shipped!["items"]!.AsArray(), rate => rate!["usdPerUnit"]!.GetValue<decimal>() == 1.2781m);
    }

    [Fact]
    public async Task The_league_table_as_of_a_date_shows_each_deal_as_it_was_recorded_by_then()
    {
        var acquirer = Messages.Unique("asof");
        var dealId = Guid.NewGuid();
        var first = Messages.Deal(acquirer, 100m, id: dealId, version: 1) with { RecordedAt = new DateTimeOffset(2025, 6, 13, 9, 0, 0, TimeSpan.Zero) };
        var revised = Messages.Deal(acquirer, 150m, id: dealId, version: 2) with { RecordedAt = new DateTimeOffset(2025, 6, 20, 9, 0, 0, TimeSpan.Zero) };
        await DeliverAsync([revised, first]);

        var now = await _customer.GetFromJsonAsync<JsonObject>($"/api/insights/deals/league-table?acquirer={acquirer}");
        var then = await _customer.GetFromJsonAsync<JsonObject>($"/api/insights/deals/league-table?acquirer={acquirer}&asOf=2025-06-15");
        var before = await _customer.GetFromJsonAsync<JsonObject>($"/api/insights/deals/league-table?acquirer={acquirer}&asOf=2025-06-01");

        Assert.Equal(150m, now!["items"]![0]!["totalValueUsd"]!.GetValue<decimal>());
        Assert.Equal(100m, then!["items"]![0]!["totalValueUsd"]!.GetValue<decimal>());
        Assert.Empty(before!["items"]!.AsArray());
    }

    [Fact]
    public async Task A_rebuilt_read_model_equals_the_live_one()
    {
        var acquirer = Messages.Unique("rebuild");
        await DeliverAsync([Messages.Deal(acquirer, 10m), Messages.Deal(acquirer, 20m), Messages.Deal(acquirer, 30m, "GBP")]);
        var live = await LeagueTableJsonAsync(acquirer);
        using var admin = insights.Host.ClientAs("admin");

        using var started = await admin.PostAsJsonAsync("/api/insights/admin/rebuilds", new { projection = "DealFact" });

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var done = await TalentPlatform.Testing.Eventually.UntilAsync(
            token => admin.GetFromJsonAsync<JsonObject>(started.Headers.Location!, token),
            status => status!["state"]!.GetValue<string>() is "completed" or "failed",
            TimeSpan.FromSeconds(60),
            "the rebuild to finish");
        Assert.Equal("completed", done!["state"]!.GetValue<string>());
        Assert.Equal(done["documentsBefore"]!.GetValue<int>(), done["documentsAfter"]!.GetValue<int>());
        Assert.Equal(live, await LeagueTableJsonAsync(acquirer));
    }

    [Fact]
    public async Task A_rebuild_of_an_unknown_projection_is_a_400_and_customers_cannot_start_one()
    {
        using var admin = insights.Host.ClientAs("admin");

        using var unknown = await admin.PostAsJsonAsync("/api/insights/admin/rebuilds", new { projection = "Everything" });
        using var byCustomer = await _customer.PostAsJsonAsync("/api/insights/admin/rebuilds", new { projection = "DealFact" });

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byCustomer.StatusCode);
    }

    private async Task DeliverAsync(IReadOnlyList<object> messages)
    {
        var ids = new List<Guid>();
        foreach (var message in messages)
        {
            var id = Guid.NewGuid();
            ids.Add(id);
            await insights.PublishAsync(message, id);
        }

        foreach (var id in ids)
        {
            await insights.ConsumedAsync(id);
        }
    }

    private async Task<JsonObject> BenchmarkAsync(string role) =>
        (await _customer.GetFromJsonAsync<JsonObject>($"/api/insights/compensation/benchmarks?role={role}"))!;

    private async Task<string> LeagueTableJsonAsync(string acquirer) =>
        (await _customer.GetFromJsonAsync<JsonObject>($"/api/insights/deals/league-table?acquirer={acquirer}"))!["items"]!.ToJsonString();
}
