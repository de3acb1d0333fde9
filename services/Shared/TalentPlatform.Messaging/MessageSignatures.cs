using System.Collections.Concurrent;
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
/// Point-to-point messages carry tenant data, so their sender signs each one with its own private key
/// (ES256 over its MessageId, its type and its content; header <see cref="Header"/>, the key's id in
/// <see cref="KeyHeader"/>), and the consumer verifies it with that sender's public keys only. The consumer
/// holds nothing that can sign, and no other service holds the sender's private key: Compensation signs
/// tenant rows (<c>Messaging:SigningKeyFile</c>), Insights verifies them (<c>Messaging:SenderKeys:compensation</c>).
/// </summary>
public static class MessageSignatures
{
    public const string Header = "talent-signature";
    public const string KeyHeader = "talent-signature-key";
    public const string SigningKeyFileSetting = "Messaging:SigningKeyFile";

    public static string SenderKeysSetting(string sender) => $"Messaging:SenderKeys:{sender}";

    // Fixed here, not taken from the bus, so that both sides serialize a message the same way forever.
    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.Web);

    /// <summary>What is signed: the MessageId, the contract's type and its content as JSON.</summary>
    public static byte[] SignedBytes(Guid messageId, object message) => Encoding.UTF8.GetBytes(
        $"{messageId:N}\n{message.GetType().FullName}\n{JsonSerializer.Serialize(message, message.GetType(), Canonical)}");

    /// <summary>The service that publishes a contract, from its namespace: <c>TalentPlatform.Compensation.Contracts</c> → compensation.</summary>
    public static string SenderOf(Type contract) =>
        contract.Namespace?.Split('.') is ["TalentPlatform", var service, "Contracts"]
            ? service.ToLowerInvariant()
            : throw new InvalidOperationException($"{contract.FullName} is not a platform contract; its sender is unknown.");
}

/// <summary>The sender's side: signs with this service's own private key.</summary>
public sealed class MessageSigner
{
    private readonly Lazy<SigningKeyFile> _key;

    public MessageSigner(IConfiguration configuration, TimeProvider time) =>
        // Loaded on first use: only a service that sends point-to-point messages needs a key.
        _key = new Lazy<SigningKeyFile>(() => new SigningKeyFile(
            configuration[MessageSignatures.SigningKeyFileSetting],
            $"{MessageSignatures.SigningKeyFileSetting} (this service's private key for the point-to-point messages it sends; environment variable Messaging__SigningKeyFile)",
            time));

    public MessageSigner(SigningKeyFile key) => _key = new Lazy<SigningKeyFile>(key);

    public (string KeyId, string Signature) Sign(Guid messageId, object message)
    {
        var key = _key.Value.Key;
        return (key.KeyId, Convert.ToBase64String(key.ECDsa.SignData(MessageSignatures.SignedBytes(messageId, message), HashAlgorithmName.SHA256)));
    }
}

/// <summary>The consumer's side: verifies with the public keys of the one sender a message type may come from.</summary>
public sealed class MessageVerifier(IConfiguration configuration, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, PublicKeysFile> _senders = new();

    /// <summary>The sender's public keys, read once and then whenever the file changes; missing or invalid keys throw.</summary>
    public PublicKeysFile KeysOf(string sender) => _senders.GetOrAdd(sender, name => new PublicKeysFile(
        configuration[MessageSignatures.SenderKeysSetting(name)],
        $"{MessageSignatures.SenderKeysSetting(name)} ({name}'s public keys for the messages it signs; environment variable Messaging__SenderKeys__{name})",
        time));

    public bool IsSignedBy(string sender, Guid? messageId, object message, string? keyId, string? signature)
    {
        Span<byte> presented = stackalloc byte[64];
        return messageId is { } id
            && KeysOf(sender).Find(keyId) is { } key
            && signature is not null
            && Convert.TryFromBase64String(signature, presented, out var written)
            && written == 64
            && key.ECDsa.VerifyData(MessageSignatures.SignedBytes(id, message), presented, HashAlgorithmName.SHA256);
    }
}

/// <summary>A message refused for what it is, not for a passing failure: it goes to the error queue at once, never retried.</summary>
public sealed class RejectedMessageException(string reason) : Exception(reason);

/// <summary>
/// Lets through only messages whose signature matches and that <paramref name="refuse"/> finds nothing wrong with; the
/// rest are rejected before any consumer (or batch) sees them.
/// </summary>
internal sealed class VerifySignatureFilter<TMessage>(MessageVerifier verifier, Func<TMessage, string?> refuse) : IFilter<ConsumeContext<TMessage>>
    where TMessage : class
{
    private static readonly string Sender = MessageSignatures.SenderOf(typeof(TMessage));

    public Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next)
    {
        if (!verifier.IsSignedBy(
            Sender,
            context.MessageId,
            context.Message,
            context.Headers.Get<string>(MessageSignatures.KeyHeader),
            context.Headers.Get<string>(MessageSignatures.Header)))
        {
            throw new RejectedMessageException($"{typeof(TMessage).Name} {context.MessageId} is not signed by {Sender}.");
        }

        return refuse(context.Message) is { } reason ? throw new RejectedMessageException(reason) : next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("verify-signature");
}

/// <summary>
/// The consumer definition for messages only their publisher may send (tenant data on a point-to-point
/// queue): the usual retry policy, and the publisher's signature verified on the endpoint, message by message,
/// before the consumer sees one — so a batch consumer never takes a forged message into a batch, and a forged
/// message goes to the error queue alone, without the genuine ones beside it.
/// </summary>
public abstract class SignedMessageConsumerDefinition<TConsumer, TMessage> : IdempotentConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
    where TMessage : class
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        base.ConfigureConsumer(endpointConfigurator, consumerConfigurator, context);
        var verifier = context.GetRequiredService<MessageVerifier>();

        // Read now, so that a consumer without its sender's public keys fails as the bus starts, not on each message.
        _ = verifier.KeysOf(MessageSignatures.SenderOf(typeof(TMessage)));
        endpointConfigurator.UseFilter(new VerifySignatureFilter<TMessage>(verifier, Refuse));
    }

    /// <summary>Why a message, however well signed, must not be applied (it goes to the error queue); null to take it.</summary>
    protected virtual string? Refuse(TMessage message) => null;
}
