using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace TalentPlatform.Webhooks.Tests;

/// <summary>Events published by Deals reach a customer's endpoint as signed Standard Webhooks, retried, in order, each tenant on its own.</summary>
[Collection(WebhooksCollection.Name)]
public sealed class DeliveryTests(WebhooksPlatform fixture)
{
    private TestPlatform Platform => fixture.Platform;

    private WebhookReceiver Receiver => fixture.Receiver;

    [Fact]
    public async Task A_recorded_deal_arrives_signed_with_the_published_secret_and_continues_the_trace_of_its_request()
    {
        using var customer = Platform.Customer();
        using var analyst = Platform.Analyst();
        var acquirer = Hooks.UniqueSlug("meta");
        var url = Receiver.Endpoint();
        var (subscription, secret) = await Hooks.SubscribeAsync(customer, url, ["deal.announced"], acquirer);
        var traceId = ActivityTraceId.CreateRandom();

        var dealId = await Hooks.RecordDealAsync(analyst, acquirer, headers: ("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01"));

        var webhook = (await Receiver.WaitAsync(url, received => received.Count > 0, "the deal's webhook"))[0];
        new StandardWebhook(secret).Verify(webhook.Body, webhook.Headers);
        Assert.Equal("deal.announced", webhook.Type);
        Assert.Equal(dealId, Hooks.DealId(webhook));
        Assert.Equal(acquirer, webhook.Json["data"]!["deal"]!["acquirer"]!.GetValue<string>());
        Assert.StartsWith("msg_", webhook.Headers["webhook-id"].ToString(), StringComparison.Ordinal);
        Assert.StartsWith("application/json", webhook.Headers.ContentType.ToString(), StringComparison.Ordinal);
        Assert.Contains(traceId.ToString(), webhook.Headers["traceparent"].ToString(), StringComparison.Ordinal);

        // A body changed on the way, or another secret, does not verify.
        Assert.ThrowsAny<Exception>(() => new StandardWebhook(secret).Verify(webhook.Body.Replace(acquirer, "someone-else", StringComparison.Ordinal), webhook.Headers));
        Assert.ThrowsAny<Exception>(() => new StandardWebhook($"whsec_{Convert.ToBase64String(new byte[32])}").Verify(webhook.Body, webhook.Headers));

        var log = await Eventually.UntilAsync(
            _ => Hooks.DeliveriesAsync(customer, subscription),
            items => items.Count == 1 && items[0]!["status"]!.GetValue<string>() == "delivered",
            Hooks.Patience,
            "the delivery logged as delivered");
        var attempt = log[0]!["attempts"]![0]!;
        Assert.Equal(200, attempt["statusCode"]!.GetValue<int>());
        Assert.True(attempt["latencyMs"]!.GetValue<double>() > 0);
        Assert.Equal(webhook.Headers["webhook-id"].ToString(), log[0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Answers_of_500_and_no_answer_in_time_are_retried_until_the_endpoint_takes_the_delivery()
    {
        using var customer = Platform.Customer();
        using var analyst = Platform.Analyst();
        var acquirer = Hooks.UniqueSlug("xai");
        // 500, then nothing until the attempt times out, then 500 again, then 200.
        var url = Receiver.Endpoint(async (context, attempt) =>
        {
            if (attempt == 2)
            {
                await new TaskCompletionSource().Task.WaitAsync(context.RequestAborted);
            }

            return attempt < 4 ? 500 : 200;
        });
        var (subscription, secret) = await Hooks.SubscribeAsync(customer, url, ["deal.announced"], acquirer);

        await Hooks.RecordDealAsync(analyst, acquirer);

        var received = await Receiver.WaitAsync(url, all => all.Any(webhook => webhook.Answer == 200), "the delivery to succeed after its failures");
        Assert.Equal([500, 500, 200], received.Select(webhook => webhook.Answer));
        Assert.Single(received.Select(webhook => webhook.Headers["webhook-id"].ToString()).Distinct());
        Assert.All(received, webhook => new StandardWebhook(secret).Verify(webhook.Body, webhook.Headers));

        var log = await Eventually.UntilAsync(
            _ => Hooks.DeliveriesAsync(customer, subscription),
            items => items.Count == 1 && items[0]!["status"]!.GetValue<string>() == "delivered",
            Hooks.Patience,
            "the delivery logged as delivered");
        var attempts = log[0]!["attempts"]!.AsArray();
        Assert.Equal(4, attempts.Count);
        Assert.Equal(500, attempts[0]!["statusCode"]!.GetValue<int>());
        Assert.Null(attempts[1]!["statusCode"]);
        Assert.StartsWith("No answer within", attempts[1]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(200, attempts[3]!["statusCode"]!.GetValue<int>());

        // Each retry waited longer than the one before, give or take the jitter (50–100 % of the doubled delay).
        var times = attempts.Select(attempt => attempt!["at"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.True(times.Zip(times.Skip(1)).All(pair => pair.Second > pair.First));
    }

    [Fact]
    public async Task A_deals_events_arrive_in_the_order_they_happened_even_when_the_first_is_retried()
    {
        using var customer = Platform.Customer();
        using var analyst = Platform.Analyst();
        var acquirer = Hooks.UniqueSlug("apple");
        var url = Receiver.Endpoint((_, attempt) => Task.FromResult(attempt <= 2 ? 503 : 200));
        await Hooks.SubscribeAsync(customer, url, ["deal.recorded", "deal.announced", "deal.closed"], acquirer);

        var dealId = await Hooks.RecordDealAsync(analyst, acquirer, rumoured: true);
        await Hooks.PostOkAsync(analyst, $"/api/deals/{dealId}/announce", new { announcedOn = "2025-06-12" });
        await Hooks.PostOkAsync(analyst, $"/api/deals/{dealId}/close", new { closedOn = "2025-07-01" });

        var received = await Receiver.WaitAsync(url, all => all.Count(webhook => webhook.Answer == 200) == 3, "the deal's three events");
        Assert.Equal(["deal.recorded", "deal.recorded", "deal.recorded", "deal.announced", "deal.closed"], received.Select(webhook => webhook.Type));
        Assert.Equal([1L, 2L, 3L], received.Where(webhook => webhook.Answer == 200).Select(webhook => webhook.Json["data"]!["deal"]!["version"]!.GetValue<long>()));
    }

    [Fact]
    public async Task A_delivery_failing_past_the_retry_window_pauses_its_subscription_with_the_reason_and_is_redelivered_on_request()
    {
        using var customer = Platform.Customer();
        using var analyst = Platform.Analyst();
        var acquirer = Hooks.UniqueSlug("amazon");
        var url = Receiver.Endpoint((_, _) => Task.FromResult(500));
        var (subscription, secret) = await Hooks.SubscribeAsync(customer, url, ["deal.announced"], acquirer);

        await Hooks.RecordDealAsync(analyst, acquirer);

        var paused = await Eventually.UntilAsync(
            _ => Hooks.GetAsync(customer, $"/api/webhooks/{subscription}"),
            view => view["status"]!.GetValue<string>() == "paused",
            TestPlatform.WebhookRetryWindow + Hooks.Patience,
            "the subscription to pause after its retry window");
        var reason = paused["pausedReason"]!.GetValue<string>();
        Assert.Contains("failed for", reason, StringComparison.Ordinal);
        Assert.Contains("answered 500", reason, StringComparison.Ordinal);
        var failed = (await Hooks.DeliveriesAsync(customer, subscription)).Single()!;
        Assert.Equal("failed", failed["status"]!.GetValue<string>());
        Assert.Null(failed["nextAttemptAt"]);
        var attempts = failed["attempts"]!.AsArray();
        Assert.True(attempts.Count >= 3, $"{attempts.Count} attempts");
        var first = attempts[0]!["at"]!.GetValue<DateTimeOffset>();
        var last = attempts[^1]!["at"]!.GetValue<DateTimeOffset>();
        // No retry is scheduled past the window; the last one starts when the dispatcher picks it up, a moment after its time.
        Assert.True(last - first <= TestPlatform.WebhookRetryWindow + TimeSpan.FromSeconds(1), $"attempts from {first:O} to {last:O}");
        var sent = Receiver.Started(url);

        // The endpoint is fixed: resume, and redeliver the delivery that failed.
        Receiver.Answer(url, (_, _) => Task.FromResult(204));
        await Hooks.PostOkAsync(customer, $"/api/webhooks/{subscription}/resume", new { });
        var deliveryId = failed["id"]!.GetValue<string>();
        await Hooks.PostOkAsync(customer, $"/api/webhooks/{subscription}/deliveries/{deliveryId}/redeliver", new { });

        var redelivered = await Receiver.WaitAsync(url, all => all.Any(webhook => webhook.Answer == 204), "the redelivery");
        var webhook = redelivered.Single(webhook => webhook.Answer == 204);
        Assert.Equal(deliveryId, webhook.Headers["webhook-id"].ToString());
        new StandardWebhook(secret).Verify(webhook.Body, webhook.Headers);
        Assert.Equal(sent + 1, Receiver.Started(url));
        var delivered = await Eventually.UntilAsync(
            _ => Hooks.GetAsync(customer, $"/api/webhooks/{subscription}/deliveries/{deliveryId}"),
            view => view["status"]!.GetValue<string>() == "delivered",
            Hooks.Patience,
            "the redelivery logged");
        Assert.Equal(attempts.Count + 1, delivered["attemptCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_replay_sends_every_delivery_made_since_a_time_again_with_its_webhook_id_and_nothing_older()
    {
        using var customer = Platform.Customer();
        using var analyst = Platform.Analyst();
        var acquirer = Hooks.UniqueSlug("nvidia");
        var url = Receiver.Endpoint();
        var (subscription, secret) = await Hooks.SubscribeAsync(customer, url, ["deal.announced"], acquirer);
        var first = await Hooks.RecordDealAsync(analyst, acquirer);
        await Receiver.WaitAsync(url, all => all.Count == 1, "the first deal's webhook");
        var second = await Hooks.RecordDealAsync(analyst, acquirer);
        var original = await Receiver.WaitAsync(url, all => all.Count == 2, "the second deal's webhook");
        var ids = original.ToDictionary(Hooks.DealId, webhook => webhook.Headers["webhook-id"].ToString());
        var log = await Eventually.UntilAsync(
            _ => Hooks.DeliveriesAsync(customer, subscription),
            deliveries => deliveries.Count == 2 && deliveries.All(delivery => delivery!["status"]!.GetValue<string>() == "delivered"),
            Hooks.Patience,
            "both deliveries logged as delivered");
        var secondMadeAt = log.Single(delivery => delivery!["id"]!.GetValue<string>() == ids[second])!["createdAt"]!.GetValue<DateTimeOffset>();

        // Since the second delivery was made: that one again, the first not.
        using var recent = await customer.PostAsJsonAsync($"/api/webhooks/{subscription}/replay", new { since = secondMadeAt });
        Assert.Equal(HttpStatusCode.Accepted, recent.StatusCode);
        Assert.Equal(1, (await recent.Content.ReadFromJsonAsync<JsonObject>())!["replayed"]!.GetValue<int>());
        var again = await Receiver.WaitAsync(url, all => all.Count == 3, "the replay of the second deal");
        Assert.Equal(second, Hooks.DealId(again[2]));
        Assert.Equal(ids[second], again[2].Headers["webhook-id"].ToString());
        new StandardWebhook(secret).Verify(again[2].Body, again[2].Headers);
        await Eventually.UntilAsync(
            _ => Hooks.GetAsync(customer, $"/api/webhooks/{subscription}/deliveries/{ids[second]}"),
            delivery => delivery["status"]!.GetValue<string>() == "delivered" && delivery["attemptCount"]!.GetValue<int>() == 2,
            Hooks.Patience,
            "the replayed delivery logged");

        // Since before both: both again, each with its own webhook-id.
        using var all = await customer.PostAsJsonAsync($"/api/webhooks/{subscription}/replay", new { since = secondMadeAt.AddHours(-1) });
        Assert.Equal(2, (await all.Content.ReadFromJsonAsync<JsonObject>())!["replayed"]!.GetValue<int>());
        var replayed = (await Receiver.WaitAsync(url, received => received.Count == 5, "the replay of both deals")).Skip(3).ToList();
        Assert.Equal(ids.OrderBy(pair => pair.Key).ToList(), replayed.Select(webhook => KeyValuePair.Create(Hooks.DealId(webhook), webhook.Headers["webhook-id"].ToString())).OrderBy(pair => pair.Key).ToList());
        Assert.Contains(first, replayed.Select(Hooks.DealId));
        var logged = await Eventually.UntilAsync(
            _ => Hooks.GetAsync(customer, $"/api/webhooks/{subscription}/deliveries/{ids[second]}"),
            delivery => delivery["status"]!.GetValue<string>() == "delivered" && delivery["attemptCount"]!.GetValue<int>() == 3,
            Hooks.Patience,
            "the second delivery logged with its three attempts");
        Assert.Equal(3, logged["attempts"]!.AsArray().Count);

        // A replay names its time, never one to come; another tenant's subscription is not found.
        using var missing = await customer.PostAsJsonAsync($"/api/webhooks/{subscription}/replay", new { });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("since", (await missing.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(error => error.Key));
        using var future = await customer.PostAsJsonAsync($"/api/webhooks/{subscription}/replay", new { since = DateTimeOffset.UtcNow.AddDays(1) });
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        using var stranger = Platform.Client((await Platform.IssueKeyAsync(Hooks.UniqueSlug("replay"), "customer")).Key);
        using var elsewhere = await stranger.PostAsJsonAsync($"/api/webhooks/{subscription}/replay", new { since = secondMadeAt });
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        Assert.Equal(5, Receiver.Received(url).Count);
    }

    [Fact]
    public async Task After_a_rotation_deliveries_are_signed_with_the_new_secret_and_the_old_one_during_the_overlap()
    {
        using var customer = Platform.Customer();
        using var analyst = Platform.Analyst();
        var acquirer = Hooks.UniqueSlug("nvidia");
        var url = Receiver.Endpoint();
        var (subscription, old) = await Hooks.SubscribeAsync(customer, url, ["deal.announced"], acquirer);

        using var rotated = await customer.PostAsync($"/api/webhooks/{subscription}/rotate-secret", null);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var body = (await rotated.Content.ReadFromJsonAsync<JsonObject>())!;
        var secret = body["secret"]!.GetValue<string>();
        Assert.NotEqual(old, secret);
        Assert.NotNull(body["subscription"]!["previousSecretExpiresAt"]);

        await Hooks.RecordDealAsync(analyst, acquirer);

        var webhook = (await Receiver.WaitAsync(url, received => received.Count > 0, "the webhook after the rotation"))[0];
        Assert.Equal(2, webhook.Headers["webhook-signature"].ToString().Split(' ').Length);
        new StandardWebhook(secret).Verify(webhook.Body, webhook.Headers);
        Assert.True(Hooks.SignedWith(secret, webhook));
        Assert.True(Hooks.SignedWith(old, webhook));
        Assert.False(Hooks.SignedWith($"whsec_{Convert.ToBase64String(new byte[32])}", webhook));
    }

    [Fact]
    public async Task A_paused_subscription_keeps_its_events_and_sends_them_once_resumed()
    {
        using var customer = Platform.Customer();
        using var analyst = Platform.Analyst();
        var acquirer = Hooks.UniqueSlug("anthropic");
        var url = Receiver.Endpoint();
        var (subscription, _) = await Hooks.SubscribeAsync(customer, url, ["deal.announced"], acquirer);
        await Hooks.PostOkAsync(customer, $"/api/webhooks/{subscription}/pause", new { });

        await Hooks.RecordDealAsync(analyst, acquirer);
        var waiting = await Eventually.UntilAsync(
            _ => Hooks.DeliveriesAsync(customer, subscription),
            items => items.Count == 1,
            Hooks.Patience,
            "the delivery recorded while paused");
        Assert.Equal("pending", waiting[0]!["status"]!.GetValue<string>());
        Assert.Equal(0, Receiver.Started(url));

        await Hooks.PostOkAsync(customer, $"/api/webhooks/{subscription}/resume", new { });

        await Receiver.WaitAsync(url, received => received.Count == 1, "the delivery once resumed");
    }

    [Fact]
    public async Task A_tenant_whose_endpoint_hangs_delays_no_other_tenants_deliveries()
    {
        var slow = await Platform.IssueKeyAsync(Hooks.UniqueSlug("slow"), "customer");
        var quick = await Platform.IssueKeyAsync(Hooks.UniqueSlug("quick"), "customer");
        using var slowTenant = Platform.Client(slow.Key);
        using var quickTenant = Platform.Client(quick.Key);
        using var analyst = Platform.Analyst();
        var acquirer = Hooks.UniqueSlug("google");

        // The slow endpoint holds every request until the test lets it go, so each attempt runs to its timeout.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowUrl = Receiver.Endpoint(async (context, _) =>
        {
            await release.Task.WaitAsync(context.RequestAborted);
            return 200;
        });
        var quickUrl = Receiver.Endpoint();
        await Hooks.SubscribeAsync(slowTenant, slowUrl, ["deal.announced"], acquirer);
        await Hooks.SubscribeAsync(quickTenant, quickUrl, ["deal.announced"], acquirer);

        var deals = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            deals.Add(await Hooks.RecordDealAsync(analyst, acquirer));
        }

        var received = await Receiver.WaitAsync(quickUrl, all => all.Count == 3, "the quick tenant's three deliveries");
        var held = await Eventually.UntilAsync(
            _ => Task.FromResult(Receiver.Arrivals(slowUrl)),
            arrivals => arrivals.Select(arrival => DealOf(arrival.Body)).Distinct().Count() == 3,
            Hooks.Patience,
            "the slow endpoint to be sent all three deals");
        release.SetResult();

        Assert.Equal(deals.Order(), received.Select(Hooks.DealId).Order());
        foreach (var webhook in received)
        {
            // Sent beside the slow tenant's attempt for the same deal, not after that attempt gave up.
            var slowFirst = held.Where(arrival => DealOf(arrival.Body) == Hooks.DealId(webhook)).Min(arrival => arrival.At);
            Assert.True(webhook.At < slowFirst + TestPlatform.WebhookAttemptTimeout, $"quick at {webhook.At:O}, slow first held at {slowFirst:O}");
        }
    }

    private static Guid DealOf(string body) => Guid.Parse(JsonNode.Parse(body)!["data"]!["deal"]!["id"]!.GetValue<string>());
}
