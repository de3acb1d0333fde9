using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Messaging;

/// <summary>
/// Tells a message the platform sent from one that anyone with access to the broker put on a queue.
/// Point-to-point messages carry tenant data, so the publisher signs each one: an HMAC-SHA256 of its
/// MessageId, its type and its content, in the header <see cref="Header"/>, keyed with a key derived from
/// the identity signing key that only the platform's own hosts hold. The consumer recomputes it from the
/// message as it arrived; a missing or wrong signature, or a changed body, does not match.
/// </summary>
public sealed class MessageSignatures
{
    public const string Header = "talent-signature";

    // Fixed here, not taken from the bus, so that both sides serialize a message the same way forever.
    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.Web);

    private readonly byte[] _key;

    private MessageSignatures(byte[] key) => _key = key;

    /// <summary>Derived from <c>Identity:SigningKey</c> for this purpose only, so neither key can stand in for the other.</summary>
    public static MessageSignatures From(IConfiguration configuration) =>
        new(HKDF.DeriveKey(HashAlgorithmName.SHA256, GatewayIdentity.SigningKey(configuration).Key, 32, info: "talent-messages-v1"u8.ToArray()));

    public string Sign(Guid messageId, object message) => Convert.ToBase64String(Mac(messageId, message));

    public bool IsSignedBy(Guid? messageId, object message, string? signature)
    {
        Span<byte> presented = stackalloc byte[32];
        return messageId is { } id
            && signature is not null
            && Convert.TryFromBase64String(signature, presented, out var written)
            && written == 32
            && CryptographicOperations.FixedTimeEquals(presented, Mac(id, message));
    }

    private byte[] Mac(Guid messageId, object message) => HMACSHA256.HashData(
        _key,
        Encoding.UTF8.GetBytes($"{messageId:N}\n{message.GetType().FullName}\n{JsonSerializer.Serialize(message, message.GetType(), Canonical)}"));
}

/// <summary>A message refused for what it is, not for a passing failure: it goes to the error queue at once, never retried.</summary>
public sealed class RejectedMessageException(string reason) : Exception(reason);

/// <summary>Lets through only messages whose signature matches; the rest are rejected before the consumer runs.</summary>
internal sealed class VerifySignatureFilter<TMessage>(MessageSignatures signatures) : IFilter<ConsumeContext<TMessage>>
    where TMessage : class
{
    public Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next) =>
        signatures.IsSignedBy(context.MessageId, context.Message, context.Headers.Get<string>(MessageSignatures.Header))
            ? next.Send(context)
            : throw new RejectedMessageException($"{typeof(TMessage).Name} {context.MessageId} is not signed by the platform.");

    public void Probe(ProbeContext context) => context.CreateFilterScope("verify-signature");
}

/// <summary>
/// The consumer definition for messages only the platform may send (tenant data on a point-to-point
/// queue): the usual retry policy, and the signature verified before the consumer sees the message.
/// </summary>
public abstract class SignedMessageConsumerDefinition<TConsumer, TMessage> : IdempotentConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer<TMessage>
    where TMessage : class
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        base.ConfigureConsumer(endpointConfigurator, consumerConfigurator, context);
        var signatures = context.GetRequiredService<MessageSignatures>();
        consumerConfigurator.Message<TMessage>(message => message.UseFilter(new VerifySignatureFilter<TMessage>(signatures)));
    }
}
