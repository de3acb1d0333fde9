namespace TalentPlatform.Webhooks.Tests;

/// <summary>The whole platform (events come from Deals and People through the broker) and a receiving endpoint server.</summary>
public sealed class WebhooksPlatform : IAsyncLifetime
{
    public TestPlatform Platform { get; } = new();

    public WebhookReceiver Receiver { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        await Platform.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Platform.DisposeAsync();
        if (Receiver is not null)
        {
            await Receiver.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class WebhooksCollection : ICollectionFixture<WebhooksPlatform>
{
    public const string Name = "webhooks";
}

/// <summary>What the tests ask of the platform, as a customer would.</summary>
internal static class Hooks
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static string UniqueSlug(string stem) => $"{stem}-{Guid.NewGuid():N}"[..(stem.Length + 13)];

    /// <summary>Subscribes and returns the subscription's id and its secret (shown this once).</summary>
    public static async Task<(Guid Id, string Secret)> SubscribeAsync(HttpClient client, string url, string[] events, string? organization = null)
    {
        using var response = await client.PostAsJsonAsync("/api/webhooks", new { url, events, filter = organization is null ? null : new { organization } });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return (Guid.Parse(body["subscription"]!["id"]!.GetValue<string>()), body["secret"]!.GetValue<string>());
    }

    /// <summary>Records a deal as the analyst; announced (a deal.announced that is also deal.recorded) unless <paramref name="rumoured"/>.</summary>
    public static async Task<Guid> RecordDealAsync(HttpClient analyst, string acquirer, bool rumoured = false, params (string Name, string Value)[] headers)
    {
        var deal = rumoured
            ? (object)new { type = "acquisition", acquirer, target = "scale-ai", status = "rumoured" }
            : new { type = "acquisition", acquirer, target = "scale-ai", status = "announced", announcedOn = "2025-06-12" };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/deals") { Content = JsonContent.Create(deal) };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        using var response = await analyst.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return Guid.Parse((await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
    }

    public static async Task PostOkAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task<JsonObject> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>The subscription's delivery log, newest first.</summary>
    public static async Task<JsonArray> DeliveriesAsync(HttpClient client, Guid subscription) =>
        (await GetAsync(client, $"/api/webhooks/{subscription}/deliveries"))["items"]!.AsArray();

    /// <summary>
    /// Verifies each signature of the request on its own and says whether one holds for <paramref name="secret"/>.
    /// StandardWebhooks 1.1.2 checks only the first of several signatures (its loop stops before the last), so a
    /// receiver still on the previous secret during a rotation must offer the signatures one at a time.
    /// </summary>
    public static bool SignedWith(string secret, ReceivedWebhook webhook) =>
        webhook.Headers["webhook-signature"].ToString().Split(' ').Any(signature =>
        {
            var one = new Microsoft.AspNetCore.Http.HeaderDictionary(webhook.Headers.ToDictionary(header => header.Key, header => header.Value))
            {
                ["webhook-signature"] = signature,
            };
            try
            {
                new StandardWebhooks.StandardWebhook(secret).Verify(webhook.Body, one);
                return true;
            }
            catch (StandardWebhooks.Diagnostics.WebhookVerificationException)
            {
                return false;
            }
        });

    public static Guid DealId(ReceivedWebhook webhook) => Guid.Parse(webhook.Json["data"]!["deal"]!["id"]!.GetValue<string>());
}
