using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TalentPlatform.Webhooks.Delivering;
using WebhooksProgram = TalentPlatform.Webhooks.Program;

namespace TalentPlatform.Webhooks.Tests;

/// <summary>What is owed to an endpoint lives in the Webhooks database, not in a host's memory.</summary>
[Collection(WebhooksCollection.Name)]
public sealed class RestartTests(WebhooksPlatform fixture)
{
    private TestPlatform Platform => fixture.Platform;

    [Fact]
    public async Task A_delivery_owed_when_its_sender_stops_is_sent_by_a_host_started_afresh_on_the_same_database()
    {
        using var customer = Platform.Customer();
        using var analyst = Platform.Analyst();
        var acquirer = Hooks.UniqueSlug("mistral");
        var url = fixture.Receiver.Endpoint();
        var (subscription, secret) = await Hooks.SubscribeAsync(customer, url, ["deal.announced"], acquirer);

        // The platform's sender stops, as a host does when it goes down; the event is recorded meanwhile.
        var dispatcher = Platform.Webhooks.Services.GetServices<IHostedService>().OfType<Dispatcher>().Single();
        await dispatcher.StopAsync(CancellationToken.None);
        try
        {
            await Hooks.RecordDealAsync(analyst, acquirer);
            await Eventually.UntilAsync(
                _ => Hooks.DeliveriesAsync(customer, subscription),
                items => items.Count == 1,
                Hooks.Patience,
                "the delivery recorded while nothing sends");
            Assert.Equal(0, fixture.Receiver.Started(url));

            // A new host, with nothing in memory, on the Webhooks database.
            var settings = new Dictionary<string, string?>
            {
                ["ConnectionStrings:Postgres"] = Platform.Webhooks.Login!.ConnectionString,
                ["Talent:Database"] = Platform.Webhooks.Database,
                ["ConnectionStrings:RabbitMq"] = Platform.BrokerUsers.UriOf("webhooks"),
                ["Webhooks:AllowedHosts"] = "127.0.0.1",
                ["Webhooks:PollInterval"] = "00:00:00.100",
            };
            await using var restarted = new ServiceHost<WebhooksProgram>(Platform.Servers, "services/Webhooks/TalentPlatform.Webhooks", null, Platform.EntityPrefix, settings, Platform.Keys);
            _ = restarted.Server;

            var webhook = (await fixture.Receiver.WaitAsync(url, received => received.Count > 0, "the owed delivery from the new host"))[0];
            new StandardWebhooks.StandardWebhook(secret).Verify(webhook.Body, webhook.Headers);
            Assert.Equal(acquirer, webhook.Json["data"]!["deal"]!["acquirer"]!.GetValue<string>());
        }
        finally
        {
            await dispatcher.StartAsync(CancellationToken.None);
        }
    }
}
