namespace TalentPlatform.Webhooks.Tests;

/// <summary>Attack row S11: a subscription may not make the platform call into its own network.</summary>
[Collection(WebhooksCollection.Name)]
public sealed class DestinationTests(WebhooksPlatform fixture)
{
    public static TheoryData<string> PrivateHosts => new()
    {
        "localhost", "127.0.0.2", "[::1]", "[::ffff:127.0.0.1]", "0.0.0.0", "169.254.169.254", "10.1.2.3", "172.16.0.1",
        "192.168.1.1", "100.64.0.1", "[fe80::1]", "[fc00::1]", "[fd12:3456::1]", "[::ffff:169.254.169.254]", "[64:ff9b::a9fe:a9fe]",
    };

    [Theory]
    [MemberData(nameof(PrivateHosts))]
    public async Task A_url_that_resolves_to_a_private_address_is_refused_and_nothing_is_sent(string host)
    {
        using var customer = fixture.Platform.Customer();
        var endpoint = fixture.Receiver.Endpoint();
        var url = new UriBuilder(endpoint) { Scheme = "https", Host = host.Trim('[', ']') }.Uri.ToString();

        using var refused = await customer.PostAsJsonAsync("/api/webhooks", new { url, events = new[] { "deal.announced" } });

        var problem = await refused.AssertNamesFieldsAsync("url");
        Assert.Contains("not a public address", problem["errors"]!["url"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, fixture.Receiver.Started(endpoint));
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("8.8.8.8", true)]
    [InlineData("2606:4700:4700::1111", true)]
    [InlineData("::ffff:8.8.8.8", true)]
    public void Addresses_are_public_or_not(string address, bool isPublic) =>
        Assert.Equal(isPublic, Destinations.IsPublic(IPAddress.Parse(address)));
}
