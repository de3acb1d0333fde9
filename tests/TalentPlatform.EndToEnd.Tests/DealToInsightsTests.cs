using System.Diagnostics;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace TalentPlatform.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class DealToInsightsTests(TestPlatform platform)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_deal_recorded_at_the_gateway_appears_in_the_league_table()
    {
        using var analyst = platform.Analyst();
        using var customer = platform.Customer();
        var acquirer = Api.UniqueSlug("meta");

        var dealId = await Api.RecordDealAsync(analyst, Api.Deal(acquirer, 14_000_000_000m));

        var row = await Eventually.UntilAsync(
            token => Api.LeagueTableRowAsync(customer, acquirer, token),
            found => found is not null,
            Patience,
            $"deal {dealId} in the league table");
        Assert.Equal(1, row!["dealCount"]!.GetValue<int>());
        Assert.Equal(14_000_000_000m, row["totalValueUsd"]!.GetValue<decimal>());
        Assert.Equal(0, row["dealsWithoutUsdValue"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_deal_in_another_currency_is_converted_at_the_rate_in_force_and_one_without_a_rate_is_counted_but_never_summed()
    {
        using var analyst = platform.Analyst();
        using var customer = platform.Customer();
        var acquirer = Api.UniqueSlug("synthesia");

        await Api.RecordDealAsync(analyst, Api.Deal(acquirer, 2_000_000m, "USD"));
        var pounds = await Api.RecordDealAsync(analyst, Api.Deal(acquirer, 5_000_000m, "GBP", target: "tiny-lab"));
        var kronor = await Api.RecordDealAsync(analyst, Api.Deal(acquirer, 9_000_000m, "SEK", target: "nordic-lab"));

        var row = await Eventually.UntilAsync(
            token => Api.LeagueTableRowAsync(customer, acquirer, token),
            found => found?["dealCount"]?.GetValue<int>() == 3,
            Patience,
            "all three deals in the league table");

        // Announced 2025-06-12: the shipped Federal Reserve annual average dated 2024-07-01 is in force.
        Assert.Equal(2_000_000m + 6_390_500m, row!["totalValueUsd"]!.GetValue<decimal>());
        Assert.Equal(1, row["dealsWithoutUsdValue"]!.GetValue<int>());
        var facts = (await customer.GetFromJsonAsync<JsonObject>(row["facts"]!.GetValue<string>()))!["items"]!.AsArray();
        var converted = facts.Single(fact => fact!["dealId"]!.GetValue<string>() == pounds.ToString())!["value"]!;
        Assert.Equal(1.2781m, converted["rate"]!.GetValue<decimal>());
        Assert.Equal("2024-07-01", converted["rateOn"]!.GetValue<string>());
        Assert.Contains("Federal Reserve", converted["rateSource"]!.GetValue<string>(), StringComparison.Ordinal);
        var unconverted = facts.Single(fact => fact!["dealId"]!.GetValue<string>() == kronor.ToString())!["value"]!;
        Assert.Null(unconverted["usd"]);
        Assert.True(unconverted["unconverted"]!.GetValue<bool>());
        Assert.Equal(9_000_000m, unconverted["amount"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_deal_cancelled_at_the_gateway_leaves_the_league_table_and_its_revised_value_counts()
    {
        using var analyst = platform.Analyst();
        using var customer = platform.Customer();
        var acquirer = Api.UniqueSlug("openai");
        var kept = await Api.RecordDealAsync(analyst, Api.Deal(acquirer, 1_000m));
        var cancelled = await Api.RecordDealAsync(analyst, Api.Deal(acquirer, 5_000m, target: "io-products"));

        using (var revised = await analyst.PostAsJsonAsync($"/api/deals/{kept}/terms", new
        {
            value = new { amount = 1_500m, currency = "USD" },
            source = new { publisher = "OpenAI", publishedOn = "2025-06-20", attribution = "company-statement", status = "confirmed" },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, revised.StatusCode);
        }

        using (var cancel = await analyst.PostAsJsonAsync($"/api/deals/{cancelled}/cancel", new { cancelledOn = "2025-07-01", reason = "Called off" }))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }

        var row = await Eventually.UntilAsync(
            token => Api.LeagueTableRowAsync(customer, acquirer, token),
            found => found?["dealCount"]?.GetValue<int>() == 1 && found["totalValueUsd"]?.GetValue<decimal>() == 1_500m,
            Patience,
            "the cancellation and the revision in the league table");
        Assert.Equal(0, row!["dealsWithoutUsdValue"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_group_move_recorded_at_the_gateway_is_kept_by_Insights()
    {
        using var analyst = platform.Analyst();
        var (from, to) = (Api.UniqueSlug("google-deepmind"), Api.UniqueSlug("microsoft"));
        foreach (var slug in new[] { from, to })
        {
            using var registered = await analyst.PostAsJsonAsync("/api/organizations", new { slug, name = slug, kind = "big-tech" });
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        using var recorded = await analyst.PostAsJsonAsync("/api/talent-moves/group", new
        {
            from,
            to,
            count = 20,
            countIsMinimum = true,
            on = "2025-07",
            source = new { publisher = "CNBC", publishedOn = "2025-07-24", attribution = "anonymous-source", status = "reported" },
        });
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var moveId = Guid.Parse((await recorded.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());

        var insights = platform.Insights.Services.GetRequiredService<IDocumentStore>();
        var kept = await Eventually.UntilAsync(
            async token =>
            {
                await using var session = insights.QuerySession();
                return await session.Events.FetchStreamAsync(moveId, token: token);
            },
            events => events.Count == 1,
            Patience,
            $"group move {moveId} in Insights' store");
        var moved = Assert.IsType<TalentPlatform.People.Contracts.TalentMoved>(kept[0].Data);
        Assert.Equal((20, true, from, to), (moved.Count, moved.CountIsMinimum, moved.From, moved.To));
    }

    [Fact]
    public async Task The_trace_of_a_recorded_deal_continues_into_the_span_where_Insights_applies_it()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var applied = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "TalentPlatform.Messaging",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                // Insights applies deal events in batches ("apply DealAnnounced ×n"); Webhooks, in the same process,
                // applies the same event on its own ("apply DealAnnounced"), and is not what this test follows.
                if (activity.TraceId == traceId && activity.OperationName.StartsWith("apply DealAnnounced ×", StringComparison.Ordinal))
                {
                    applied.TrySetResult(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var analyst = platform.Analyst();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/deals")
        {
            Content = JsonContent.Create(Api.Deal(Api.UniqueSlug("google"), 2_400_000_000m, target: "windsurf")),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        using var response = await analyst.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var span = await applied.Task.WaitAsync(Patience);
        // Deal events are applied in batches; a lone deal is a batch of one.
        Assert.Equal("apply DealAnnounced ×1", span.OperationName);
        Assert.Equal(traceId, span.TraceId);
        Assert.NotNull(span.GetTagItem("messaging.message.id"));
    }

    [Fact]
    public async Task The_gateway_health_reports_every_service()
    {
        using var anonymous = platform.Client(apiKey: null);

        // Degraded while another test's events are still on their way (a queue more than 1000 deep): wait for them.
        var health = await Eventually.UntilAsync(
            async token =>
            {
                using var response = await anonymous.GetAsync("/health", token);
                return (await response.Content.ReadFromJsonAsync<JsonObject>(token))!;
            },
            report => report["status"]!.GetValue<string>() == "Healthy"
                && report["checks"]!["deals"]!["data"]?["primary.publisher"]?["lag"]?.GetValue<long>() == 0,
            TimeSpan.FromSeconds(60),
            "the platform to report healthy, with Deals' publisher caught up");

        foreach (var service in new[] { "deals", "people", "compensation", "insights", "webhooks" })
        {
            Assert.Equal("Healthy", health["checks"]![service]!["status"]!.GetValue<string>());
        }

        // Beside each service's status, what shows a stuck pipeline: its restarts, its publisher and its queues.
        var deals = health["checks"]!["deals"]!["data"]!;
        Assert.NotNull(deals["primary.publisher"]!["highWaterMark"]);
        Assert.Equal(0, deals["primary.supervisor"]!["restarts"]!.GetValue<int>());
        var insights = health["checks"]!["insights"]!["data"]!["primary.consumers"]!.AsObject();
        Assert.Contains(insights, queue => queue.Key.EndsWith("insights-deal-events_error", StringComparison.Ordinal) && queue.Value!.GetValue<long>() == 0);
    }
}
