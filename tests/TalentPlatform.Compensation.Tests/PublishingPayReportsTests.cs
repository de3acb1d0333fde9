using System.Globalization;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace TalentPlatform.Compensation.Tests;

/// <summary>A Compensation of its own, so that the queues below are bound before it publishes anything.</summary>
public sealed class PayPublishingApi() : PayImportsHost(16 * 1024 * 1024);

/// <summary>What subscribers receive when reports are recorded in bulk: each report once, a thousand to a message.</summary>
public sealed class PublishingPayReportsTests(PayPublishingApi api) : IClassFixture<PayPublishingApi>
{
    [Fact]
    public async Task An_imports_reports_are_published_once_each_a_thousand_to_a_message_and_a_single_report_on_its_own()
    {
        var factory = new ConnectionFactory { Uri = new Uri(api.Servers.RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var received = new List<(string Exchange, JsonObject Envelope)>();
        var arrived = new SemaphoreSlim(0);
        foreach (var name in new[] { "compensation-observed-in-bulk", "compensation-observed" })
        {
            var exchange = $"{api.EntityPrefix}talent.compensation.{name}";
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
            var queue = (await channel.QueueDeclareAsync(queue: "", durable: false, exclusive: true, autoDelete: true)).QueueName;
            await channel.QueueBindAsync(queue, exchange, routingKey: "");
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, delivery) =>
            {
                lock (received)
                {
                    received.Add((name, JsonNode.Parse(Encoding.UTF8.GetString(delivery.Body.Span))!.AsObject()));
                }

                arrived.Release();
                return Task.CompletedTask;
            };
            await channel.BasicConsumeAsync(queue, autoAck: true, consumer);
        }

        using var analyst = api.Host.SocketClientAs("analyst");
        var role = $"published-{Guid.NewGuid():N}"[..23];
        const int Rows = 2_500;
        var rows = string.Concat(Enumerable.Range(1, Rows).Select(n => Report(role, 50_000 + n) + "\n"));
        using var response = await analyst.ImportAsync("pay-reports", ImportApi.Ndjson, rows, mode: "valid-rows");
        var import = await response.AcceptedImportAsync();
        Assert.Equal(Rows, ImportApi.Count(import, "rowsApplied"));
        using var single = await analyst.PostAsync("/api/compensation/observations", new StringContent(Report(role, 1), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, single.StatusCode);
        var singleId = (await single.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();

        // Every report reaches a subscriber of both exchanges once: the import's in bulk, the single one alone.
        int Reports()
        {
            lock (received)
            {
                return received.Sum(message => message.Exchange == "compensation-observed" ? 1 : message.Envelope["message"]!["reports"]!.AsArray().Count);
            }
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (Reports() < Rows + 1)
        {
            await arrived.WaitAsync(timeout.Token);
        }

        List<(string Exchange, JsonObject Envelope)> messages;
        lock (received)
        {
            messages = [.. received];
        }

        var bulk = messages.Where(message => message.Exchange == "compensation-observed-in-bulk").Select(message => message.Envelope).ToList();
        Assert.Equal([1_000, 1_000, 500], bulk.Select(envelope => envelope["message"]!["reports"]!.AsArray().Count).Order().Reverse());
        Assert.All(bulk, envelope => Assert.Equal(import["id"]!.GetValue<string>(), envelope["message"]!["importId"]!.GetValue<string>()));
        Assert.Equal(bulk.Count, bulk.Select(envelope => envelope["messageId"]!.GetValue<string>()).Distinct().Count());
        var reports = bulk.SelectMany(envelope => envelope["message"]!["reports"]!.AsArray()).Select(report => report!.AsObject()).ToList();
        Assert.Equal(Rows, reports.Select(report => report["observationId"]!.GetValue<string>()).Distinct().Count());
        Assert.All(reports, report => Assert.Equal(role, report["role"]!.GetValue<string>()));
        Assert.Equal(
            Enumerable.Range(1, Rows).Select(n => 50_000m + n),
            // MassTransit writes decimals as strings, so that no figure loses a digit on the way.
            reports.Select(report => decimal.Parse(report["components"]!["base"]!["amount"]!.ToString(), CultureInfo.InvariantCulture)).Order());

        var alone = Assert.Single(messages, message => message.Exchange == "compensation-observed").Envelope;
        Assert.Equal(singleId, alone["message"]!["observationId"]!.GetValue<string>());

        // Each imported report is an observation of its own to read, as the import's records say.
        var records = await analyst.GetFromJsonAsync<JsonObject>($"{import["records"]!.GetValue<string>()}?pageSize=1&page=1234");
        var location = records!["items"]!.AsArray().Single()!["location"]!.GetValue<string>();
        var observation = await analyst.GetFromJsonAsync<JsonObject>(location);
        Assert.Contains(reports, report => report["observationId"]!.GetValue<string>() == observation!["id"]!.GetValue<string>());
        Assert.Equal(1, observation!["version"]!.GetValue<long>());
    }

    private static string Report(string role, decimal amount) => $$"""
        {"role":"{{role}}","level":"senior","location":{"country":"GB"},"currency":"GBP","period":"annual","kind":"point","components":{"base":{"amount":{{amount}} } },"observedOn":"2025-07-01","source":{"publisher":"Levels.fyi","publishedOn":"2025-07-10","attribution":"estimate","status":"reported"} }
        """.ReplaceLineEndings("");
}
