using TalentPlatform.Compensation.Contracts;
using TalentPlatform.Deals.Contracts;
using TalentPlatform.People.Contracts;

namespace TalentPlatform.Insights.Tests;

/// <summary>Two Insights hosts, each with its own database and queues.</summary>
public sealed class TwoInsightsHosts : IAsyncLifetime
{
    public InsightsHost InOrder { get; } = new();

    public InsightsHost Shuffled { get; } = new();

    public async Task InitializeAsync() => await Task.WhenAll(InOrder.InitializeAsync(), Shuffled.InitializeAsync());

    public async Task DisposeAsync() => await Task.WhenAll(InOrder.DisposeAsync(), Shuffled.DisposeAsync());
}

public sealed class DeliveryOrderTests(TwoInsightsHosts hosts) : IClassFixture<TwoInsightsHosts>
{
    private static readonly string[] Questions =
    [
        "/api/insights/deals/league-table",
        "/api/insights/deals/league-table?rollUp=true",
        "/api/insights/talent-flows?organization=deepmind",
        "/api/insights/talent-flows?organization=deepmind&rollUp=true",
        "/api/insights/compensation/benchmarks?role=ml-engineer",
        "/api/insights/claims/quality",
        "/api/insights/market-heat?weeks=100",
        "/api/insights/talent-vs-compute",
    ];

    [Fact]
    public async Task Every_event_delivered_twice_and_out_of_order_gives_the_same_answers_as_once_in_order()
    {
        var scenario = Scenario();

        foreach (var (message, queue) in scenario)
        {
            var id = Guid.NewGuid();
            await SendAsync(hosts.InOrder, message, queue, id);
            await hosts.InOrder.ConsumedAsync(id);
        }

        var twice = scenario.SelectMany(item => new[] { (item.Message, item.Queue, Id: Guid.NewGuid()) }).ToList();
        var deliveries = twice.Concat(twice).OrderBy(_ => Random.Shared.Next()).ToList();
        await Task.WhenAll(deliveries.Select(delivery => SendAsync(hosts.Shuffled, delivery.Message, delivery.Queue, delivery.Id)));
        foreach (var delivery in twice)
        {
            await hosts.Shuffled.ConsumedAsync(delivery.Id, times: 2);
        }

        await Task.WhenAll(hosts.InOrder.ReadModelsCaughtUpAsync(), hosts.Shuffled.ReadModelsCaughtUpAsync());
        using var inOrder = hosts.InOrder.Host.ClientAs("customer");
        using var shuffled = hosts.Shuffled.Host.ClientAs("customer");
        foreach (var question in Questions)
        {
            var expected = (await inOrder.GetFromJsonAsync<JsonObject>(question))!.ToJsonString();
            var actual = (await shuffled.GetFromJsonAsync<JsonObject>(question))!.ToJsonString();
            Assert.True(expected == actual, $"{question} differs:\n in order: {expected}\n shuffled: {actual}");
        }
    }

    private static Task SendAsync(InsightsHost host, object message, string? queue, Guid id) =>
        queue is null ? host.PublishAsync(message, id) : host.SendAsync(queue, message, id);

    /// <summary>A little market: deals through their lifecycle, organizations re-parented, moves, pay and offers.</summary>
    private static List<(object Message, string? Queue)> Scenario()
    {
        var (dealA, dealB) = (Guid.NewGuid(), Guid.NewGuid());
        DealSnapshot Snapshot(Guid id, long version, string acquirer, string status, decimal amount, string currency = "USD") =>
            new(id, version, "minority-stake", acquirer, "scale-ai", status, status == "rumoured" ? null : new DateOnly(2025, 6, 12), status == "closed" ? new DateOnly(2025, 7, 1) : null,
                new DealValue(amount, currency, "reported"), null,
                [new DealClaim(Guid.NewGuid(), "value", amount, currency, null, "reported", $"Press {version}", null, new DateOnly(2025, 6, 10).AddDays((int)version), "anonymous-source")]);
        var at = Messages.RecordedAt;
        var google = new OrganizationSnapshot(Guid.NewGuid(), "google", "Google", "big-tech", [], null, 1);
        var deepmind = new OrganizationSnapshot(Guid.NewGuid(), "deepmind", "DeepMind", "ai-lab", [], null, 1);
        var offerId = Guid.NewGuid();
        var offer = new OfferExtended(offerId, "meta", new OfferCandidate(null, "Matt Deitke", null), new OfferPackage(null, null, 250_000_000m, [new(1, 62_500_000m), new(2, 62_500_000m), new(3, 62_500_000m), new(4, 62_500_000m)], false),
            "USD", new DateOnly(2025, 7, 28), Messages.Press, at);
        return
        [
            (new DealRumoured(Snapshot(dealA, 1, "meta", "rumoured", 14_000_000_000m), new DateOnly(2025, 6, 1), at), null),
            (new DealAnnounced(Snapshot(dealA, 2, "meta", "announced", 14_300_000_000m), new DateOnly(2025, 6, 12), at.AddDays(1)), null),
            (new DealTermsChanged(Snapshot(dealA, 3, "meta", "announced", 14_800_000_000m), new DealClaim(Guid.NewGuid(), "value", 14_800_000_000m, "USD", null, "reported", "The Information", null, new DateOnly(2025, 6, 14), "anonymous-source"), new DateOnly(2025, 6, 14), at.AddDays(2)), null),
            (new DealClosed(Snapshot(dealA, 4, "meta", "closed", 14_800_000_000m), new DateOnly(2025, 7, 1), at.AddDays(3)), null),
            (new DealAnnounced(Snapshot(dealB, 1, "deepmind", "announced", 2_400_000_000m), new DateOnly(2025, 6, 12), at), null),
            (new DealCancelled(Snapshot(dealB, 2, "deepmind", "cancelled", 2_400_000_000m), "Called off", new DateOnly(2025, 7, 2), at.AddDays(1)), null),
            (new OrganizationRegistered(google, at), null),
            (new OrganizationRegistered(deepmind, at), null),
            (new OrganizationParentChanged(deepmind with { Parent = "google", Version = 2 }, null, at.AddDays(1)), null),
            (Messages.Group("deepmind", "microsoft", 20, minimum: true), null),
            (Messages.Person("Varun Mohan", "windsurf", "deepmind"), null),
            (Messages.Person("Alexandr Wang", "scale-ai", "meta", "2025-06"), null),
            // Five rows from five contributors: the cell publishes at its fifth row, whichever order they come in.
            .. Enumerable.Range(1, 3).Select(i => ((object)Messages.Point("ml-engineer", "senior", "US", 150_000m + (i * 10_000m), publisher: i), (string?)null)),
            .. Enumerable.Range(1, 2).Select(i => ((object)Messages.Row($"tenant-{i}", "ml-engineer", "senior", "US", 20_000m + i), (string?)CompensationSubmitted.Queue)),
            (offer, null),
            (new OfferOutcomeRecorded(offerId, Guid.NewGuid(), "declined", Messages.Press with { ClaimStatus = "rumoured", PublishedOn = new DateOnly(2025, 8, 2) }, "declined", at.AddDays(5)), null),
            (new OfferOutcomeRecorded(offerId, Guid.NewGuid(), "accepted", Messages.Press with { PublishedOn = new DateOnly(2025, 8, 5) }, "accepted", at.AddDays(6)), null),
        ];
    }
}
