using Marten;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using TalentPlatform.Compensation.Contracts;

namespace TalentPlatform.EndToEnd.Tests;

[Collection(PlatformCollection.Name)]
public sealed class TenantDataTests(TestPlatform platform)
{
    private static readonly object Row = new
    {
        role = "ml-engineer",
        level = "senior",
        location = new { country = "GB", city = "London" },
        currency = "GBP",
        period = "annual",
        components = new { @base = new { amount = 185_000m } },
        effectiveOn = "2025-04-01",
    };

    [Fact]
    public async Task A_customers_row_reaches_Insights_on_its_own_queue_and_no_exchange_carries_it()
    {
        using var customer = platform.Customer();

        using var submitted = await customer.PostAsJsonAsync("/api/compensation/submissions", Row);

        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var id = Guid.Parse((await submitted.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
        var insights = platform.Insights.Services.GetRequiredService<IDocumentStore>();
        var kept = await Eventually.UntilAsync(
            async token =>
            {
                await using var session = insights.QuerySession();
                return await session.Events.FetchStreamAsync(id, token: token);
            },
            events => events.Count == 1,
            TimeSpan.FromSeconds(30),
            $"submission {id} in Insights' store");
        var row = Assert.IsType<CompensationSubmitted>(kept[0].Data);
        Assert.Equal("test", row.Tenant);
        Assert.Equal(185_000m, row.Components.Base!.Amount);

        // Nothing was ever published for anyone to bind to.
        var factory = new ConnectionFactory { Uri = new Uri(platform.Servers.RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var missing = await Assert.ThrowsAsync<OperationInterruptedException>(() =>
            channel.ExchangeDeclarePassiveAsync(platform.EntityPrefix + "talent.compensation.compensation-submitted"));
        Assert.Equal((ushort)404, missing.ShutdownReason?.ReplyCode);
    }

    [Fact]
    public async Task An_analyst_cannot_submit_or_list_tenant_rows_at_the_gateway()
    {
        using var analyst = platform.Analyst();

        using var submit = await analyst.PostAsJsonAsync("/api/compensation/submissions", Row);
        using var list = await analyst.GetAsync("/api/compensation/submissions");

        Assert.Equal(HttpStatusCode.Forbidden, submit.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
    }
}
