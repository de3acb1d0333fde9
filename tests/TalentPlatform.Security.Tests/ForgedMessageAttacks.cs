using MassTransit;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using TalentPlatform.Compensation.Contracts;
using TalentPlatform.Messaging;

namespace TalentPlatform.Security.Tests;

/// <summary>
/// Tenant rows reach Insights only as CompensationSubmitted on its own queue. Anyone else who can reach
/// the broker may put a message there; Insights must refuse it to the error queue and write nothing.
/// </summary>
[Collection(AttackCollection.Name)]
public sealed class ForgedMessageAttacks(TestPlatform platform)
{
    private static readonly HashSet<string> SeenOnErrorQueue = [];

    [Fact]
    public async Task An_unsigned_tenant_row_goes_to_the_error_queue_and_nothing_is_written()
    {
        var row = Row("victim");
        var messageId = Guid.NewGuid();

        await SendAsync(row, messageId, signature: null);

        await AssertRefusedAsync(messageId, row);
    }

    [Fact]
    public async Task A_tenant_row_with_a_made_up_signature_goes_to_the_error_queue_and_nothing_is_written()
    {
        var row = Row("victim");
        var messageId = Guid.NewGuid();

        await SendAsync(row, messageId, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));

        await AssertRefusedAsync(messageId, row);
    }

    [Fact]
    public async Task A_signed_tenant_row_changed_on_the_way_goes_to_the_error_queue_and_nothing_is_written()
    {
        var genuine = Row("honest-tenant");
        var messageId = Guid.NewGuid();
        var signature = Signatures.Sign(messageId, genuine);

        var tampered = genuine with { Tenant = "someone-else" };
        await SendAsync(tampered, messageId, signature);

        await AssertRefusedAsync(messageId, tampered);
    }

    [Fact]
    public async Task A_tenant_row_without_a_tenant_goes_to_the_error_queue_even_when_signed()
    {
        var row = Row("");
        var messageId = Guid.NewGuid();

        await SendAsync(row, messageId, Signatures.Sign(messageId, row));

        await AssertRefusedAsync(messageId, row);
    }

    [Fact]
    public async Task A_row_signed_as_Compensation_signs_it_is_kept()
    {
        var row = Row("genuine");
        var messageId = Guid.NewGuid();

        await SendAsync(row, messageId, Signatures.Sign(messageId, row));

        var kept = await Eventually.UntilAsync(
            async token =>
            {
                await using var session = InsightsStore.QuerySession();
                return await session.Events.FetchStreamAsync(row.SubmissionId, token: token);
            },
            events => events.Count == 1,
            TimeSpan.FromSeconds(30),
            "the signed row in Insights' store");
        Assert.Equal("genuine", Assert.IsType<CompensationSubmitted>(kept[0].Data).Tenant);
    }

    private MessageSignatures Signatures => platform.Compensation.Services.GetRequiredService<MessageSignatures>();

    private IDocumentStore InsightsStore => platform.Insights.Services.GetRequiredService<IDocumentStore>();

    private static CompensationSubmitted Row(string tenant) => new(
        Guid.NewGuid(), tenant, "ml-engineer", "senior", "GB", "London", "GBP", "annual",
        new PayComponents(new PayFigure(185_000m, null, null), null, null, null), new DateOnly(2025, 4, 1), DateTimeOffset.UtcNow);

    /// <summary>Sent from another service's bus connection: someone with broker access who is not Compensation.</summary>
    private async Task SendAsync(CompensationSubmitted row, Guid messageId, string? signature)
    {
        var bus = platform.Deals.Services.GetRequiredService<IBus>();
        var queue = await bus.GetSendEndpoint(new Uri($"queue:{platform.EntityPrefix}{CompensationSubmitted.Queue}"));
        await queue.Send(row, context =>
        {
            context.MessageId = messageId;
            if (signature is not null)
            {
                context.Headers.Set(MessageSignatures.Header, signature);
            }
        });
    }

    private async Task AssertRefusedAsync(Guid messageId, CompensationSubmitted row)
    {
        var errorQueue = $"{platform.EntityPrefix}{CompensationSubmitted.Queue}_error";
        var factory = new ConnectionFactory { Uri = new Uri(platform.Servers.RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await Eventually.UntilAsync(
            async token =>
            {
                // Tests of this collection run one at a time; whatever else is on the queue was refused before.
                // A channel per look: asking for a queue that does not exist yet closes the channel.
                await using var channel = await connection.CreateChannelAsync(cancellationToken: token);
                try
                {
                    while (await channel.BasicGetAsync(errorQueue, autoAck: true, token) is { } message)
                    {
                        SeenOnErrorQueue.Add(message.BasicProperties.MessageId ?? "");
                    }
                }
                catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
                {
                    // The error queue does not exist until the first refusal.
                }

                return SeenOnErrorQueue.Contains(messageId.ToString());
            },
            seen => seen,
            TimeSpan.FromSeconds(30),
            $"message {messageId} on {errorQueue}");

        await using var session = InsightsStore.QuerySession();
        Assert.Empty(await session.Events.FetchStreamAsync(row.SubmissionId));
        Assert.Null(await session.LoadAsync<ProcessedMessage>(messageId));
    }
}
