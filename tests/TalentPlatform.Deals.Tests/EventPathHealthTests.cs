using RabbitMQ.Client;
using DealsProgram = TalentPlatform.Deals.Program;

namespace TalentPlatform.Deals.Tests;

/// <summary>Deals as <c>./deploy/up</c> starts it after its second restart, on a broker where no queue holds its events yet.</summary>
public sealed class SupervisedDeals() : ServiceFixture<DealsProgram>("services/Deals/TalentPlatform.Deals", "deals")
{
    public const string LastExit = "2026-12-02T14:00:00Z signal KILL (code 137) after 75s";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Talent:Supervisor:Restarts"] = "2",
        ["Talent:Supervisor:LastExit"] = LastExit,
    };
}

/// <summary>
/// Issue 19: what ops need to see a stuck pipeline on a service's health — how often its supervisor restarted it, and
/// how far its publisher trails the store, naming the event it is stuck on.
/// </summary>
public sealed class EventPathHealthTests(SupervisedDeals deals) : IClassFixture<SupervisedDeals>
{
    [Fact]
    public async Task A_host_the_supervisor_restarted_says_how_often_and_how_it_last_exited()
    {
        var supervisor = (await HealthAsync("/health/live"))["checks"]!["supervisor"]!;

        Assert.Equal("Healthy", supervisor["status"]!.GetValue<string>());
        Assert.Equal(2, supervisor["data"]!["restarts"]!.GetValue<int>());
        Assert.Equal(SupervisedDeals.LastExit, supervisor["data"]!["lastExit"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_publisher_that_cannot_publish_names_the_event_it_waits_on_and_its_lag_drains_once_it_can()
    {
        // No queue is bound to Deals' exchanges on this broker prefix: RabbitMQ returns the mandatory publish, and the
        // publisher retries it, holding every later event, as it would through a broker outage.
        using var analyst = deals.Host.ClientAs("analyst");
        await analyst.RecordAsync();

        var stuck = await Eventually.UntilAsync(
            async _ => (await HealthAsync("/health/ready"))["checks"]!["publisher"]!,
            publisher => publisher["status"]!.GetValue<string>() == "Degraded" && publisher["data"]?["failingEvent"] is not null,
            TimeSpan.FromSeconds(30),
            "the publisher check to name the event it is stuck on");
        var failingEvent = stuck["data"]!["failingEvent"]!.GetValue<long>();
        Assert.True(stuck["data"]!["lag"]!.GetValue<long>() >= 1, stuck.ToJsonString());
        Assert.Contains($"Publishing event {failingEvent} (DealAnnounced", stuck["description"]!.GetValue<string>(), StringComparison.Ordinal);

        // A consumer's queue appears: the publish goes through, and the lag drains to nothing.
        var factory = new ConnectionFactory { Uri = new Uri(deals.Servers.RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var queue = $"{deals.EntityPrefix}health-test";
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: false);
        try
        {
            await channel.QueueBindAsync(queue, $"{deals.EntityPrefix}talent.deals.deal-announced", routingKey: "");
            var published = await Eventually.UntilAsync(
                async _ => (await HealthAsync("/health/ready"))["checks"]!["publisher"]!,
                // The failure clears when the broker confirms; the lag once the subscription commits its progress after it.
                publisher => publisher["status"]!.GetValue<string>() == "Healthy" && publisher["data"]!["lag"]!.GetValue<long>() == 0,
                TimeSpan.FromSeconds(30),
                "the publisher to catch up once a queue holds its events");
            Assert.True(published["data"]!["position"]!.GetValue<long>() >= failingEvent);
            Assert.Null(published["data"]!["failingEvent"]);
        }
        finally
        {
            await channel.QueueDeleteAsync(queue);
        }
    }

    private async Task<JsonObject> HealthAsync(string path)
    {
        using var client = deals.Host.CreateClient();
        // 503 when a check is unhealthy: the report is the body either way.
        using var response = await client.GetAsync(path);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
