using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace TalentPlatform.Deals.Tests;

public sealed class RecordingDealsTests(DealsApi api) : IClassFixture<DealsApi>
{
    private const string MetaScale = DealsApi.MetaScale;

    private readonly HttpClient _client = api.Host.ClientAs("analyst");

    [Fact]
    public async Task Recording_a_deal_answers_201_with_its_location_etag_and_id()
    {
        using var response = await PostAsync(MetaScale);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        var id = Guid.Parse(body!["id"]!.GetValue<string>());
        Assert.Equal($"/api/deals/{id}", response.Headers.Location?.ToString());
        Assert.Equal("minority-stake", body["type"]!.GetValue<string>());
        Assert.Equal("announced", body["status"]!.GetValue<string>());
        Assert.Equal(14_000_000_000m, body["value"]!["amount"]!.GetValue<decimal>());
        Assert.Equal("reported", body["value"]!["claimStatus"]!.GetValue<string>());
        Assert.Single(body["claims"]!.AsArray());
    }

    [Fact]
    public async Task A_recorded_deal_reads_back_as_it_was_recorded()
    {
        using var created = await PostAsync(MetaScale);
        var location = created.Headers.Location!;

        using var read = await _client.GetAsync(location);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("\"1\"", read.Headers.ETag?.ToString());
        var deal = await read.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(location.ToString(), $"/api/deals/{deal!["id"]}");
        Assert.Equal("meta", deal["acquirer"]!.GetValue<string>());
        Assert.Equal("scale-ai", deal["target"]!.GetValue<string>());
        Assert.Equal("2025-06-12", deal["announcedOn"]!.GetValue<string>());
        Assert.Equal("USD", deal["value"]!["currency"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_deal_is_a_404_problem()
    {
        using var response = await _client.GetAsync($"/api/deals/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("""{"type":"ipo","acquirer":"meta","target":"scale-ai","status":"rumoured"}""", "type")]
    [InlineData("""{"type":"merger","acquirer":"meta","target":"scale-ai","status":"rumoured","price":1}""", "price")]
    [InlineData("""{"type":"merger","target":"scale-ai","status":"rumoured"}""", "acquirer")]
    [InlineData("""{"type":"merger","acquirer":null,"target":"scale-ai","status":"rumoured"}""", "acquirer")]
    [InlineData("""{"type":"merger","acquirer":"Meta Platforms","target":"scale-ai","status":"rumoured"}""", "acquirer")]
    [InlineData("""{"type":"merger","acquirer":"meta","target":"meta","status":"rumoured"}""", "target")]
    [InlineData("""{"type":"merger","acquirer":"meta","target":"scale-ai","status":"closed"}""", "status")]
    [InlineData("""{"type":"merger","acquirer":"meta","target":"scale-ai","status":"announced"}""", "announcedOn")]
    [InlineData("""{"type":"merger","acquirer":"meta","target":"scale-ai","status":"announced","announcedOn":"2999-01-01"}""", "announcedOn")]
    [InlineData("""{"type":"merger","acquirer":"meta","target":"scale-ai","status":"rumoured","value":{"amount":-5,"currency":"USD"}}""", "value.amount")]
    [InlineData("""{"type":"merger","acquirer":"meta","target":"scale-ai","status":"rumoured","value":{"amount":5,"currency":"usd"}}""", "value.currency")]
    [InlineData("""{"type":"merger","acquirer":"meta","target":"scale-ai","status":"rumoured","value":{"amount":5,"currency":"XYZ"}}""", "value.currency")]
    [InlineData("""{"type":"merger","acquirer":"meta","target":"scale-ai","status":"rumoured","value":{"amount":"5","currency":"USD"}}""", "value.amount")]
    [InlineData("""{"type":"merger","acquirer":"meta","target":"scale-ai","status":"rumoured","stakePercent":0}""", "stakePercent")]
    [InlineData("""{"type":"merger","acquirer":"meta","target":"scale-ai","status":"rumoured","stakePercent":100.5}""", "stakePercent")]
    [InlineData("""{"type":"merger","acquirer":"meta","target":"scale-ai","status":"rumoured","stakePercent":-1}""", "stakePercent")]
    [InlineData("""{"type":"merger","acquirer":"meta","target":"scale-ai","status":"rumoured","stakePercent":49,"source":{"publisher":"","publishedOn":"2025-06-12","attribution":"estimate","status":"reported"}}""", "source.publisher")]
    [InlineData("""{"type":"merger","acquirer":"meta","target":"scale-ai","status":"rumoured","stakePercent":49,"source":{"publisher":"CNBC","url":"ftp://x","publishedOn":"2025-06-12","attribution":"estimate","status":"reported"}}""", "source.url")]
    [InlineData("""{"type":"merger","acquirer":"meta","target":"scale-ai","status":"rumoured","stakePercent":49,"source":{"publisher":"CNBC","publishedOn":"2999-06-12","attribution":"estimate","status":"reported"}}""", "source.publishedOn")]
    [InlineData("""{"type":"merger","acquirer":"meta","target":"scale-ai","status":"rumoured","stakePercent":49,"source":{"publisher":"CNBC","publishedOn":"2025-06-12","attribution":"gossip","status":"reported"}}""", "source.attribution")]
    [InlineData("""{"type":"merger","acquirer":"meta","target":"scale-ai","status":"rumoured","stakePercent":49,"source":{"publisher":"CNBC","publishedOn":"2025-06-12","attribution":"estimate","status":"certain"}}""", "source.status")]
    [InlineData("""{"type":"merger","acquirer":"meta","target":"scale-ai","status":"rumoured","source":{"publisher":"CNBC","publishedOn":"2025-06-12","attribution":"estimate","status":"reported"}}""", "source")]
    public async Task An_invalid_deal_is_a_400_that_names_the_field(string body, string field)
    {
        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        var errors = problem!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"expected an error for '{field}', got: {problem.ToJsonString()}");
    }

    [Theory]
    [InlineData("{\"type\":")]
    [InlineData("[]")]
    [InlineData("")]
    public async Task A_body_that_is_not_a_deal_object_is_a_400_problem(string body)
    {
        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("TalentPlatform", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recorded_deal_is_published_to_its_exchange_for_any_AMQP_client()
    {
        var factory = new ConnectionFactory { Uri = new Uri(api.Servers.RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var exchange = api.EntityPrefix + "talent.deals.deal-announced";
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
        var queue = (await channel.QueueDeclareAsync(queue: "", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, exchange, routingKey: "");
        var received = new List<JsonObject>();
        var consumer = new AsyncEventingBasicConsumer(channel);
        var arrived = new SemaphoreSlim(0);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            lock (received)
            {
                received.Add(JsonNode.Parse(Encoding.UTF8.GetString(delivery.Body.Span))!.AsObject());
            }

            arrived.Release();
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);

        using var created = await PostAsync(MetaScale);
        var dealId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();

        JsonObject? envelope = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (envelope is null)
        {
            await arrived.WaitAsync(timeout.Token);
            lock (received)
            {
                envelope = received.FirstOrDefault(message => message["message"]?["deal"]?["id"]?.GetValue<string>() == dealId);
            }
        }

        Assert.Contains("urn:message:TalentPlatform.Deals.Contracts:DealAnnounced", envelope["messageType"]!.AsArray().Select(type => type!.GetValue<string>()));
        Assert.True(Guid.TryParse(envelope["messageId"]!.GetValue<string>(), out _));
        Assert.Equal("2025-06-12", envelope["message"]!["occurredOn"]!.GetValue<string>());
        var message = envelope["message"]!["deal"]!;
        Assert.Equal("minority-stake", message["type"]!.GetValue<string>());
        Assert.Equal("meta", message["acquirer"]!.GetValue<string>());
        Assert.Equal("2025-06-12", message["announcedOn"]!.GetValue<string>());
        // MassTransit writes decimals as strings, so no consumer loses precision to a double.
        Assert.Equal("14000000000", message["value"]!["amount"]!.GetValue<string>());
        Assert.Equal("reported", message["value"]!["claimStatus"]!.GetValue<string>());
        Assert.Equal("announced", message["status"]!.GetValue<string>());
        Assert.Equal(1, message["version"]!.GetValue<int>());
    }

    private Task<HttpResponseMessage> PostAsync(string json) =>
        _client.PostAsync("/api/deals", new StringContent(json, Encoding.UTF8, "application/json"));
}
