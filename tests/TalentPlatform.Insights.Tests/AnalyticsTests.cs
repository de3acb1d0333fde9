using Microsoft.Extensions.DependencyInjection;
using TalentPlatform.Compensation.Contracts;

namespace TalentPlatform.Insights.Tests;

public sealed class AnalyticsTests(InsightsHost insights) : IClassFixture<InsightsHost>
{
    private readonly HttpClient _customer = insights.Host.ClientAs("customer");

    [Fact]
    public async Task A_cell_of_four_is_suppressed_and_a_cell_of_five_shows_its_middle_percentiles()
    {
        var role = Messages.Unique("ml-engineer");
        await DeliverAsync([.. Enumerable.Range(1, 4).Select(i => Messages.Point(role, "senior", "US", 100_000m * i, publisher: i))]);

        var four = await BenchmarkAsync(role);
        Assert.Equal("primary", four["total"]!["suppression"]!.GetValue<string>());
        Assert.Equal(PayPrivacy.NoPublishedCell, four["total"]!["suppressedBy"]!.GetValue<string>());
        Assert.Equal(PayPrivacy.TooFewRowsOrDominance, four["cells"]![0]!["suppressedBy"]!.GetValue<string>());
        Assert.Null(four["total"]!["n"]);
        Assert.Null(four["total"]!["measures"]!["base"]);

        await DeliverAsync([Messages.Point(role, "senior", "US", 500_000m, publisher: 5)]);

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
        Assert.Equal(0, total["marketRows"]!.GetValue<int>());
        Assert.Equal(360_000m, total["measures"]!["base"]!["p50"]!.GetValue<decimal>());
        Assert.DoesNotContain(rows[0].SubmissionId.ToString(), total.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_total_pools_only_its_published_cells_so_no_difference_of_answers_gives_a_hidden_cells_count()
    {
        var role = Messages.Unique("researcher");
        await DeliverAsync([
            // Five rows each: a cell publishes at its fifth row whatever order the rows arrive in.
            .. Enumerable.Range(1, 5).Select(i => Messages.Point(role, "senior", "GB", 100_000m + i, "USD", publisher: i)),
            .. Enumerable.Range(1, 5).Select(i => Messages.Point(role, "mid", "GB", 80_000m + i, "USD", publisher: i)),
            .. Enumerable.Range(1, 3).Select(i => Messages.Point(role, "junior", "GB", 50_000m + i, "USD", publisher: i)),
        ]);

        var answer = await BenchmarkAsync(role);
        var cells = answer["cells"]!.AsArray().ToDictionary(cell => cell!["level"]!.GetValue<string>());

        Assert.Equal("primary", cells["junior"]!["suppression"]!.GetValue<string>());
        Assert.Null(cells["junior"]!["n"]);
        Assert.Equal(5, cells["senior"]!["n"]!.GetValue<int>());
        Assert.Equal(5, cells["mid"]!["n"]!.GetValue<int>());
        Assert.Equal(10, answer["total"]!["n"]!.GetValue<int>());
    }

    [Fact]
    public async Task Pay_in_a_currency_with_a_rate_is_converted_and_without_one_is_left_out_and_counted()
    {
        var role = Messages.Unique("ml-engineer");
        // The unconverted one recorded first: a cell's counts are those of its last publication.
        await DeliverAsync([Messages.Point(role, "senior", "GB", 1_000_000m, "SEK", recordedAt: Messages.RecordedAt.AddMinutes(-1))]);
        await DeliverAsync([.. Enumerable.Range(1, 5).Select(i => Messages.Point(role, "senior", "GB", 100_000m, "GBP", publisher: i))]);

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
    public async Task A_benchmark_is_a_304_for_its_own_ETag_until_a_report_changes_it_and_its_facts_come_a_page_at_a_time()
    {
        var role = Messages.Unique("ml-engineer");
        await DeliverAsync([.. Enumerable.Range(1, 5).Select(i => Messages.Point(role, "senior", "US", 100_000m + i, publisher: i))]);
        await insights.ReadModelsCaughtUpAsync();
        var url = $"/api/insights/compensation/benchmarks?role={role}";

        using var first = await _customer.GetAsync(url);
        var etag = first.Headers.ETag!;
        using var again = await SendAsync(url, etag);
        // A cell changes only when the rows since its last publication (recorded after it) are themselves publishable.
        await DeliverAsync([.. Enumerable.Range(1, 5).Select(i => Messages.Point(role, "senior", "US", 200_000m + i, recordedAt: Messages.RecordedAt.AddMinutes(1), publisher: i))]);
        await insights.ReadModelsCaughtUpAsync();
        using var changed = await SendAsync(url, etag);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal((true, TimeSpan.Zero, true), (first.Headers.CacheControl!.Private, first.Headers.CacheControl.MaxAge, first.Headers.CacheControl.MustRevalidate));
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var total = (await changed.Content.ReadFromJsonAsync<JsonObject>())!["total"]!;
        Assert.Equal(10, total["n"]!.GetValue<int>());

        var page = await _customer.GetFromJsonAsync<JsonObject>(total["facts"]!.GetValue<string>() + "&pageSize=8");
        var next = await _customer.GetFromJsonAsync<JsonObject>(page!["nextPage"]!.GetValue<string>());
        var ids = page["items"]!.AsArray().Concat(next!["items"]!.AsArray()).Select(item => item!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(10, ids.Distinct().Count());
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Null(next["nextPage"]);
        using var tooLarge = await _customer.GetAsync(total["facts"]!.GetValue<string>() + "&pageSize=201");
        Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);
        Assert.True((await tooLarge.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("pageSize"));
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

        Assert.Equal((20, "at-least"), Count(flows!["outflow"]));
        Assert.Equal((1, "exact"), Count(flows["inflow"]));
        Assert.Equal((-19, "at-most"), Count(flows["net"]));
        var toMicrosoft = flows["counterparties"]!.AsArray().Single(party => party!["organization"]!.GetValue<string>() == microsoft)!;
        Assert.Equal((-20, "at-most"), Count(toMicrosoft["net"]));
        var fromWindsurf = flows["counterparties"]!.AsArray().Single(party => party!["organization"]!.GetValue<string>() == windsurf)!;
        Assert.Equal((1, "exact"), Count(fromWindsurf["net"]));
        Assert.Equal(google, rolledUp!["organization"]!.GetValue<string>());
        Assert.Equal((20, "at-least"), Count(rolledUp["outflow"]));
        var heat = await _customer.GetFromJsonAsync<JsonObject>("/api/insights/market-heat?weeks=260");
        Assert.Contains(heat!["items"]!.AsArray(), week => Count(week!["people"]) is ( >= 20, "at-least"));
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
    public async Task A_rebuild_replays_the_events_kept_into_new_read_models_and_swaps_them_in()
    {
        var acquirer = Messages.Unique("rebuild");
        await DeliverAsync([Messages.Deal(acquirer, 10m), Messages.Deal(acquirer, 20m), Messages.Deal(acquirer, 30m, "GBP")]);
        await insights.ReadModelsCaughtUpAsync();
        var live = await LeagueTableJsonAsync(acquirer);
        var readModels = insights.Host.Services.GetRequiredService<ReadModels>();
        await using (var connection = await readModels.OpenAsync(CancellationToken.None))
        {
            // As if the read model had been lost or got wrong: the events kept are all a rebuild reads.
            var generation = await Generations.LiveAsync(connection, CancellationToken.None);
            await using var command = new Npgsql.NpgsqlCommand($"update {generation!.Schema}.league set usd = 0 where acquirer = $1", connection) { Parameters = { new() { Value = acquirer } } };
            await command.ExecuteNonQueryAsync();
        }

        var broken = await LeagueTableJsonAsync(acquirer);
        using var admin = insights.Host.ClientAs("admin");
        using var started = await admin.PostAsJsonAsync("/api/insights/admin/rebuilds", new { reason = "test" });

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var done = await TalentPlatform.Testing.Eventually.UntilAsync(
            token => admin.GetFromJsonAsync<JsonObject>(started.Headers.Location!, token),
            status => status!["state"]!.GetValue<string>() is "live" or "failed",
            TimeSpan.FromSeconds(60),
            "the rebuild to go live");
        Assert.Equal("live", done!["state"]!.GetValue<string>());
        Assert.True(done["eventsDone"]!.GetValue<long>() >= 3);
        Assert.True(done["eventsPerSecond"]!.GetValue<double>() > 0);
        Assert.NotEqual(live, broken);
        await insights.ReadModelsCaughtUpAsync();
        Assert.Equal(live, await LeagueTableJsonAsync(acquirer));
    }

    [Fact]
    public async Task A_rebuild_with_a_reason_too_long_is_a_400_and_customers_cannot_start_one()
    {
        using var admin = insights.Host.ClientAs("admin");

        using var tooLong = await admin.PostAsJsonAsync("/api/insights/admin/rebuilds", new { reason = new string('x', 201) });
        using var byCustomer = await _customer.PostAsJsonAsync("/api/insights/admin/rebuilds", new { reason = "mine" });

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.True((await tooLong.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("reason"));
        Assert.Equal(HttpStatusCode.Forbidden, byCustomer.StatusCode);
    }

    [Theory]
    [InlineData("/api/insights/market-heat?weeks=261", "weeks")]
    [InlineData("/api/insights/talent-vs-compute?top=101", "top")]
    [InlineData("/api/insights/deals/league-table?pageSize=201", "pageSize")]
    [InlineData("/api/insights/deals/league-table?page=202", "page")]
    [InlineData("/api/insights/deals/league-table?from=1899-12-31", "from")]
    [InlineData("/api/insights/deals/league-table?asOf=2200-01-01", "asOf")]
    [InlineData("/api/insights/talent-flows?organization=meta&to=2200-01-01", "to")]
    [InlineData("/api/insights/compensation/benchmarks/facts?role=ml-engineer&page=202", "page")]
    [InlineData("/api/insights/compensation/benchmarks/facts?role=ml-engineer&after=not-a-cursor", "after")]
    [InlineData("/api/insights/claims/quality/facts?category=gossip", "category")]
    [InlineData("/api/insights/market-heat/facts?week=2025-W60", "week")]
    public async Task A_parameter_that_would_ask_for_unbounded_work_is_a_400_naming_it(string url, string field)
    {
        using var response = await _customer.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey(field));
    }

    [Fact]
    public async Task Every_answer_is_a_304_for_its_own_ETag_and_links_its_facts()
    {
        var acquirer = Messages.Unique("etag");
        var (from, to) = (Messages.Unique("from"), Messages.Unique("to"));
        await DeliverAsync([Messages.Deal(acquirer, 10m), Messages.Group(from, to, 3, minimum: false)]);
        string[] answers =
        [
            $"/api/insights/deals/league-table?acquirer={acquirer}",
            $"/api/insights/talent-flows?organization={from}",
            "/api/insights/claims/quality",
            "/api/insights/market-heat?weeks=100",
            "/api/insights/talent-vs-compute",
        ];
        foreach (var url in answers)
        {
            using var first = await _customer.GetAsync(url);
            using var again = await SendAsync(url, first.Headers.ETag!);

            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
            Assert.True(first.Headers.CacheControl!.MustRevalidate);
        }

        var table = await _customer.GetFromJsonAsync<JsonObject>(answers[0]);
        var deals = await _customer.GetFromJsonAsync<JsonObject>(table!["items"]![0]!["facts"]!.GetValue<string>());
        var flows = await _customer.GetFromJsonAsync<JsonObject>(answers[1]);
        var moves = await _customer.GetFromJsonAsync<JsonObject>(flows!["facts"]!.GetValue<string>());
        Assert.Equal(10m, deals!["items"]![0]!["value"]!["usd"]!.GetValue<decimal>());
        Assert.Equal(3, moves!["items"]![0]!["count"]!.GetValue<int>());
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

    private async Task<HttpResponseMessage> SendAsync(string url, System.Net.Http.Headers.EntityTagHeaderValue etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(etag);
        return await _customer.SendAsync(request);
    }

    private async Task<JsonObject> BenchmarkAsync(string role)
    {
        await insights.ReadModelsCaughtUpAsync();
        return (await _customer.GetFromJsonAsync<JsonObject>($"/api/insights/compensation/benchmarks?role={role}"))!;
    }

    private async Task<string> LeagueTableJsonAsync(string acquirer) =>
        (await _customer.GetFromJsonAsync<JsonObject>($"/api/insights/deals/league-table?acquirer={acquirer}"))!["items"]!.ToJsonString();

    private static (int Value, string Bound) Count(JsonNode? count) => (count!["value"]!.GetValue<int>(), count["bound"]!.GetValue<string>());

}
