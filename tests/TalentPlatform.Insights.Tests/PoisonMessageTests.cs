using System.Text;
using RabbitMQ.Client;
using TalentPlatform.Deals.Contracts;

namespace TalentPlatform.Insights.Tests;

/// <summary>
/// Issue 19, F8: a message with a valid envelope whose body Insights cannot apply is retried, then kept on its queue's
/// error queue with the reason; Insights' health shows the error queue's depth, and the events after it keep flowing.
/// </summary>
public sealed class PoisonMessageTests(InsightsHost insights) : IClassFixture<InsightsHost>
{
    [Fact]
    public async Task A_poison_deal_event_goes_to_the_error_queue_with_its_reason_health_shows_it_and_later_events_are_applied()
    {
        var errorQueue = $"{insights.EntityPrefix}insights-deal-events_error";
        var poisonId = Guid.NewGuid();
        await insights.PublishAsync(new DealAnnounced(null!, new DateOnly(2025, 6, 12), Messages.RecordedAt), poisonId);

        var consumers = await Eventually.UntilAsync(
            async _ => (await ReadyAsync())["checks"]!["consumers"]!,
            check => check["data"]?[errorQueue]?.GetValue<long>() == 1,
            TimeSpan.FromSeconds(90),
            $"Insights' health to count one message on {errorQueue}");
        Assert.Equal("Degraded", consumers["status"]!.GetValue<string>());
        Assert.Contains(errorQueue, consumers["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, consumers["data"]![$"{insights.EntityPrefix}insights-deal-events"]!.GetValue<long>());

        // The message kept there is the poison one, with why it failed (taken without an ack, so it stays).
        var factory = new ConnectionFactory { Uri = new Uri(insights.Host.Setting("ConnectionStrings:RabbitMq")!) };
        await using (var connection = await factory.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            var kept = await channel.BasicGetAsync(errorQueue, autoAck: false);
            Assert.NotNull(kept);
            Assert.Equal(poisonId.ToString(), kept.BasicProperties.MessageId);
            var headers = kept.BasicProperties.Headers!;
            var exceptionType = Encoding.UTF8.GetString((byte[])headers["MT-Fault-ExceptionType"]!);
            var reason = Encoding.UTF8.GetString((byte[])headers["MT-Fault-Message"]!);
            Assert.EndsWith("Exception", exceptionType, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(reason));
        }

        // The deal events after it are applied.
        var acquirer = Messages.Unique("meta");
        var laterId = Guid.NewGuid();
        await insights.PublishAsync(Messages.Deal(acquirer, 14_000_000_000m), laterId);
        await insights.ConsumedAsync(laterId);
        using var customer = insights.Host.ClientAs("customer");
        var table = await customer.GetFromJsonAsync<JsonObject>($"/api/insights/deals/league-table?acquirer={acquirer}");
        Assert.Single(table!["items"]!.AsArray());
    }

    private async Task<JsonObject> ReadyAsync()
    {
        using var client = insights.Host.CreateClient();
        using var response = await client.GetAsync("/health/ready");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
