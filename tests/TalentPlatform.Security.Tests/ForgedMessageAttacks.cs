using System.Security.Cryptography;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using TalentPlatform.Compensation.Contracts;
using TalentPlatform.Messaging;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Security.Tests;

/// <summary>
/// Tenant rows reach Insights only as CompensationSubmitted on its own queue. Only Compensation's broker user
/// and an operator's may write there; Insights must still refuse anything Compensation did not sign with its
/// own private key, to the error queue, with nothing written.
/// </summary>
[Collection(AttackCollection.Name)]
public sealed class ForgedMessageAttacks(TestPlatform platform)
{
    private static readonly HashSet<string> SeenOnErrorQueue = [];

    public static TheoryData<string> Forgeries => new()
    {
        "unsigned",
        "made-up-signature-under-an-unknown-key-id",
        "made-up-signature-under-compensations-key-id",
        "signed-by-another-key-under-compensations-key-id",
        "signed-by-the-gateways-key",
        "hmac-keyed-with-compensations-public-key",
        "signature-without-key-id",
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_tenant_row_Compensation_did_not_sign_goes_to_the_error_queue_and_nothing_is_written(string forgery)
    {
        var row = Row("victim");
        var messageId = Guid.NewGuid();
        var compensation = platform.Keys.Compensation;
        var (keyId, signature) = forgery switch
        {
            "unsigned" => ((string?)null, (string?)null),
            "made-up-signature-under-an-unknown-key-id" => (PlatformKeys.Thumbprint(TestKeys.NewKey()), Convert.ToBase64String(RandomNumberGenerator.GetBytes(64))),
            "made-up-signature-under-compensations-key-id" => (compensation.KeyId, Convert.ToBase64String(RandomNumberGenerator.GetBytes(64))),
            "signed-by-another-key-under-compensations-key-id" => (compensation.KeyId, Sign(TestKeys.NewKey(), messageId, row)),
            "signed-by-the-gateways-key" => (compensation.KeyId, Sign(platform.Keys.Gateway.ECDsa, messageId, row)),
            "hmac-keyed-with-compensations-public-key" => (compensation.KeyId, Convert.ToBase64String(
                HMACSHA256.HashData(compensation.ECDsa.ExportSubjectPublicKeyInfo(), MessageSignatures.SignedBytes(messageId, row)))),
            "signature-without-key-id" => (null, Sign(compensation.ECDsa, messageId, row)),
            _ => throw new ArgumentOutOfRangeException(nameof(forgery), forgery, null),
        };

        await SendAsync(row, messageId, keyId, signature);

        await AssertRefusedAsync(messageId, row);
    }

    [Fact]
    public async Task A_signed_tenant_row_changed_on_the_way_goes_to_the_error_queue_and_nothing_is_written()
    {
        var genuine = Row("honest-tenant");
        var messageId = Guid.NewGuid();
        var (keyId, signature) = platform.Keys.SignAsCompensation(messageId, genuine);

        var tampered = genuine with { Tenant = "someone-else" };
        await SendAsync(tampered, messageId, keyId, signature);

        await AssertRefusedAsync(messageId, tampered);
    }

    [Fact]
    public async Task A_tenant_row_without_a_tenant_goes_to_the_error_queue_even_when_signed()
    {
        var row = Row("");
        var messageId = Guid.NewGuid();
        var (keyId, signature) = platform.Keys.SignAsCompensation(messageId, row);

        await SendAsync(row, messageId, keyId, signature);

        await AssertRefusedAsync(messageId, row);
    }

    [Fact]
    public async Task A_row_signed_with_Compensations_key_is_kept()
    {
        var row = Row("genuine");
        var messageId = Guid.NewGuid();
        var (keyId, signature) = platform.Keys.SignAsCompensation(messageId, row);

        await SendAsync(row, messageId, keyId, signature);

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

    private IDocumentStore InsightsStore => platform.Insights.Services.GetRequiredService<IDocumentStore>();

    private static string Sign(ECDsa key, Guid messageId, object message) =>
        Convert.ToBase64String(key.SignData(MessageSignatures.SignedBytes(messageId, message), HashAlgorithmName.SHA256));

    private static CompensationSubmitted Row(string tenant) => new(
        Guid.NewGuid(), tenant, "ml-engineer", "senior", "GB", "London", "GBP", "annual",
        new PayComponents(new PayFigure(185_000m, null, null), null, null, null), new DateOnly(2025, 4, 1), DateTimeOffset.UtcNow);

    /// <summary>
    /// Sent by someone who may write to the queue but is not Compensation: an operator's broker user (a
    /// service's own user may not write there at all, see <see cref="LeastPrivilegeAttacks"/>).
    /// </summary>
    private async Task SendAsync(CompensationSubmitted row, Guid messageId, string? keyId, string? signature)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(platform.Servers.RabbitMq)));
        await bus.StartAsync();
        try
        {
            var queue = await bus.GetSendEndpoint(new Uri($"queue:{platform.EntityPrefix}{CompensationSubmitted.Queue}"));
            await queue.Send(row, context =>
            {
                context.MessageId = messageId;
                if (signature is not null)
                {
                    context.Headers.Set(MessageSignatures.Header, signature);
                }

                if (keyId is not null)
                {
                    context.Headers.Set(MessageSignatures.KeyHeader, keyId);
                }
            });
        }
        finally
        {
            await bus.StopAsync();
        }
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
