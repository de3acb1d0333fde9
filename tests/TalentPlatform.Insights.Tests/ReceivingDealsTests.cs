using Marten;
using Microsoft.Extensions.DependencyInjection;
using TalentPlatform.Deals.Contracts;

namespace TalentPlatform.Insights.Tests;

public sealed class ReceivingDealsTests(InsightsHost insights) : IClassFixture<InsightsHost>
{
    private static readonly DateTimeOffset RecordedAt = new(2025, 6, 13, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_deal_event_delivered_twice_is_applied_once()
    {
        var acquirer = Unique("meta");
        var announced = Announced(acquirer, 14_000_000_000m);
        var messageId = Guid.NewGuid();

        await insights.PublishAsync(announced, messageId);
        await insights.PublishAsync(announced, messageId);
        await insights.ConsumedAsync(messageId, times: 2);

        var row = await LeagueTableRowAsync(acquirer);
        Assert.Equal(1, row!["dealCount"]!.GetValue<int>());
        Assert.Equal(14_000_000_000m, row["totalValueUsd"]!.GetValue<decimal>());
        Assert.Equal(1, await StoredEventCountAsync(announced.Deal.Id));
    }

    [Fact]
    public async Task An_announcement_that_overtakes_its_rumour_stays_announced()
    {
        var acquirer = Unique("google");
        var dealId = Guid.NewGuid();
        var announced = Announced(acquirer, 2_400_000_000m, dealId, version: 2);
        var rumoured = Rumoured(acquirer, 2_000_000_000m, dealId, version: 1);
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());

        await insights.PublishAsync(announced, first);
        await insights.ConsumedAsync(first);
        await insights.PublishAsync(rumoured, second);
        await insights.ConsumedAsync(second);

        var row = await LeagueTableRowAsync(acquirer);
        Assert.Equal(1, row!["dealCount"]!.GetValue<int>());
        Assert.Equal(2_400_000_000m, row["totalValueUsd"]!.GetValue<decimal>());
        Assert.Equal(2, await StoredEventCountAsync(dealId));
    }

    [Fact]
    public async Task Concurrent_deliveries_for_one_deal_never_lose_its_announcement()
    {
        var acquirer = Unique("openai");
        var deliveries = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            var dealId = Guid.NewGuid();
            var announced = Announced(acquirer, 1m, dealId, version: 2);
            var rumoured = Rumoured(acquirer, 1m, dealId, version: 1);
            var (rumourId, announcementId) = (Guid.NewGuid(), Guid.NewGuid());
            deliveries.AddRange([rumourId, announcementId]);

            // Consumed concurrently: both events of a deal are applied at the same time.
            await Task.WhenAll(insights.PublishAsync(rumoured, rumourId), insights.PublishAsync(announced, announcementId));
        }

        foreach (var id in deliveries)
        {
            await insights.ConsumedAsync(id);
        }

        var row = await LeagueTableRowAsync(acquirer);
        Assert.Equal(20, row!["dealCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_cancelled_deal_leaves_the_league_table_and_a_closed_one_stays()
    {
        var acquirer = Unique("cisco");
        var (cancelledId, closedId) = (Guid.NewGuid(), Guid.NewGuid());
        var messages = new object[]
        {
            Announced(acquirer, 10m, cancelledId),
            new DealCancelled(Snapshot(cancelledId, 2, acquirer, "cancelled", 10m), "Regulators objected", new DateOnly(2025, 7, 1), RecordedAt),
            Announced(acquirer, 20m, closedId),
            new DealClosed(Snapshot(closedId, 2, acquirer, "closed", 25m), new DateOnly(2025, 7, 1), RecordedAt),
        };
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

        var row = await LeagueTableRowAsync(acquirer);
        Assert.Equal(1, row!["dealCount"]!.GetValue<int>());
        Assert.Equal(25m, row["totalValueUsd"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task An_older_snapshot_arriving_late_never_replaces_a_newer_one()
    {
        var acquirer = Unique("amazon");
        var dealId = Guid.NewGuid();
        var (newer, older) = (Guid.NewGuid(), Guid.NewGuid());

        await insights.PublishAsync(new DealTermsChanged(
            Snapshot(dealId, 3, acquirer, "announced", 300m),
            new DealClaim(Guid.NewGuid(), "value", 300m, "USD", null, "confirmed", "Amazon", null, new DateOnly(2025, 6, 20), "company-statement"),
            new DateOnly(2025, 6, 20),
            RecordedAt), newer);
        await insights.ConsumedAsync(newer);
        await insights.PublishAsync(Announced(acquirer, 100m, dealId, version: 2), older);
        await insights.ConsumedAsync(older);

        var row = await LeagueTableRowAsync(acquirer);
        Assert.Equal(300m, row!["totalValueUsd"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_rumoured_deal_stays_out_of_the_league_table()
    {
        var acquirer = Unique("apple");
        var messageId = Guid.NewGuid();

        await insights.PublishAsync(Rumoured(acquirer, 14_000_000_000m), messageId);
        await insights.ConsumedAsync(messageId);

        Assert.Null(await LeagueTableRowAsync(acquirer));
    }

    [Fact]
    public async Task The_league_table_ranks_acquirers_by_total_dollar_value()
    {
        var (smaller, larger) = (Unique("small"), Unique("large"));
        var messages = new[]
        {
            (Announced(smaller, 300m), Guid.NewGuid()),
            (Announced(smaller, 400m), Guid.NewGuid()),
            (Announced(larger, 1_000m), Guid.NewGuid()),
        };

        foreach (var (message, id) in messages)
        {
            await insights.PublishAsync(message, id);
        }

        foreach (var (_, id) in messages)
        {
            await insights.ConsumedAsync(id);
        }

        var items = await LeagueTableAsync();
        var order = items.Select(item => item["acquirer"]!.GetValue<string>()).Where(name => name == smaller || name == larger).ToList();
        Assert.Equal([larger, smaller], order);
        var small = items.Single(item => item["acquirer"]!.GetValue<string>() == smaller);
        Assert.Equal(2, small["dealCount"]!.GetValue<int>());
        Assert.Equal(700m, small["totalValueUsd"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task The_league_table_narrows_to_one_acquirer()
    {
        var (wanted, other) = (Unique("wanted"), Unique("other"));
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        await insights.PublishAsync(Announced(wanted, 5m), first);
        await insights.PublishAsync(Announced(other, 7m), second);
        await insights.ConsumedAsync(first);
        await insights.ConsumedAsync(second);

        using var client = insights.Host.ClientAs("customer");
        var table = await client.GetFromJsonAsync<JsonObject>($"/api/insights/deals/league-table?acquirer={wanted}");

        var item = Assert.Single(table!["items"]!.AsArray());
        Assert.Equal(wanted, item!["acquirer"]!.GetValue<string>());
        Assert.Equal(5m, item["totalValueUsd"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Narrowing_the_league_table_to_something_that_is_not_a_slug_is_a_400()
    {
        using var client = insights.Host.ClientAs("customer");

        using var response = await client.GetAsync("/api/insights/deals/league-table?acquirer=Meta%20Platforms");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(problem!["errors"]!.AsObject().ContainsKey("acquirer"));
    }

    private static DealSnapshot Snapshot(Guid id, long version, string acquirer, string status, decimal? amount, string currency = "USD") => new(
        id,
        version,
        "minority-stake",
        acquirer,
        "scale-ai",
        status,
        status == "rumoured" ? null : new DateOnly(2025, 6, 12),
        status == "closed" ? new DateOnly(2025, 7, 1) : null,
        amount is null ? null : new DealValue(amount.Value, currency, "reported"),
        null);

    private static DealAnnounced Announced(string acquirer, decimal amount, Guid? id = null, long version = 1) =>
        new(Snapshot(id ?? Guid.NewGuid(), version, acquirer, "announced", amount), new DateOnly(2025, 6, 12), RecordedAt);

    private static DealRumoured Rumoured(string acquirer, decimal amount, Guid? id = null, long version = 1) =>
        new(Snapshot(id ?? Guid.NewGuid(), version, acquirer, "rumoured", amount), new DateOnly(2025, 6, 1), RecordedAt);

    private static string Unique(string stem) => $"{stem}-{Guid.NewGuid():N}";

    private async Task<List<JsonObject>> LeagueTableAsync()
    {
        using var client = insights.Host.ClientAs("customer");
        var table = await client.GetFromJsonAsync<JsonObject>("/api/insights/deals/league-table");
        return table!["items"]!.AsArray().Select(item => item!.AsObject()).ToList();
    }

    private async Task<JsonObject?> LeagueTableRowAsync(string acquirer) =>
        (await LeagueTableAsync()).FirstOrDefault(item => item["acquirer"]!.GetValue<string>() == acquirer);

    private async Task<int> StoredEventCountAsync(Guid dealId)
    {
        await using var session = insights.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Events.FetchStreamAsync(dealId)).Count;
    }
}
