using System.Diagnostics;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using TalentPlatform.Messaging;

namespace TalentPlatform.EndToEnd.Tests;

[Collection(BrokerFaultCollection.Name)]
public sealed class BrokerOutageTests(TestPlatform platform)
{
    /// <summary>Several publish attempt timeouts (one second on the test platform).</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task Deals_recorded_while_the_broker_is_down_reach_Insights_exactly_once_after_it_returns()
    {
        using var analyst = platform.Analyst();
        using var customer = platform.Customer();
        var acquirer = Api.UniqueSlug("microsoft");
        var recorded = new List<(Guid Id, decimal Amount)>();

        async Task RecordAsync()
        {
            var amount = (recorded.Count + 1) * 1_000_000m + 0.01m;
            recorded.Add((await Api.RecordDealAsync(analyst, Api.Deal(acquirer, amount, target: $"lab-{recorded.Count}")), amount));
        }

        for (var i = 0; i < 5; i++)
        {
            await RecordAsync();
        }

        // Stop the broker with publishes still in flight, and keep recording (every command is a 201:
        // commands do not depend on the broker) for longer than several publish attempts.
        var recording = Task.Run(async () =>
        {
            for (var i = 0; i < 5; i++)
            {
                await RecordAsync();
            }
        });
        await platform.Servers.Broker.StopAsync();
        var duringOutage = 0;
        try
        {
            await recording;
            var down = Stopwatch.StartNew();
            using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            while (down.Elapsed < Outage && await pace.WaitForNextTickAsync())
            {
                await RecordAsync();
                duringOutage++;
            }
        }
        finally
        {
            await platform.Servers.Broker.StartAsync();
        }

        for (var i = 0; i < 5; i++)
        {
            await RecordAsync();
        }

        Assert.True(duringOutage >= 10, $"only {duringOutage} deals were recorded while the broker was down");
        var row = await Eventually.UntilAsync(
            token => Api.LeagueTableRowAsync(customer, acquirer, token),
            found => found?["dealCount"]?.GetValue<int>() == recorded.Count,
            TimeSpan.FromSeconds(120),
            $"all {recorded.Count} deals in the league table");
        Assert.Equal(recorded.Sum(deal => deal.Amount), row!["totalValueUsd"]!.GetValue<decimal>());

        // Once Deals has published everything it stored, Insights holds each deal event exactly once,
        // however many times the publisher had to try.
        await WaitUntilDealsPublishedEverythingAsync();
        var insights = platform.Insights.Services.GetRequiredService<IDocumentStore>();
        await using var session = insights.QuerySession();
        var ids = recorded.Select(deal => deal.Id).ToArray();
        var events = await session.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(ids)).ToListAsync();
        Assert.Equal(recorded.Count, events.Count);
        Assert.Equal(recorded.Count, events.Select(e => e.StreamId).Distinct().Count());
        var afterwards = await Api.LeagueTableRowAsync(customer, acquirer, CancellationToken.None);
        Assert.Equal(recorded.Count, afterwards!["dealCount"]!.GetValue<int>());
    }

    private async Task WaitUntilDealsPublishedEverythingAsync()
    {
        var deals = platform.Deals.Services.GetRequiredService<IDocumentStore>();
        await using var session = deals.QuerySession();
        var lastEvent = await session.Events.QueryAllRawEvents().MaxAsync(e => e.Sequence);
        await Eventually.UntilAsync(
            async token =>
            {
                var progress = await deals.Advanced.AllProjectionProgress(token: token);
                return progress.FirstOrDefault(shard => shard.ShardName.StartsWith(IntegrationEventPublisher.SubscriptionName, StringComparison.Ordinal))?.Sequence ?? 0;
            },
            published => published >= lastEvent,
            TimeSpan.FromSeconds(60),
            $"Deals to publish up to event {lastEvent}");
    }
}
