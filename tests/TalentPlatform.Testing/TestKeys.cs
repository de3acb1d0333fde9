using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using TalentPlatform.Messaging;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Testing;

/// <summary>
/// The platform's keys for a set of test hosts, in files as <c>./deploy/up</c> writes them, and each host given
/// what <c>./deploy/up</c> gives it: the gateway its identity key's private half, every service the public half;
/// Compensation its message key's private half, Insights the public half. Tests that call a service as the
/// gateway would sign with <see cref="Gateway"/>; a rotation writes the files as an operator's rotation does.
/// </summary>
public sealed class TestKeys
{
    private readonly string _directory = Directory.CreateTempSubdirectory("talent-test-keys-").FullName;

    public TestKeys()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder left behind is harmless.
            }
        };
        var gateway = NewKey();
        var compensation = NewKey();
        Write(GatewayPrivateFile, gateway.ExportPkcs8PrivateKeyPem() + "\n");
        Write(GatewayPublicFile, PlatformKeys.PublicPem(gateway));
        Write(CompensationPrivateFile, compensation.ExportPkcs8PrivateKeyPem() + "\n");
        Write(CompensationPublicFile, PlatformKeys.PublicPem(compensation));
        Gateway = PlatformKeys.Named(gateway);
        Compensation = PlatformKeys.Named(compensation);
    }

    /// <summary>The keys most test hosts of the process share.</summary>
    public static TestKeys Shared { get; } = new();

    public string GatewayPrivateFile => Path.Combine(_directory, "identity.key.pem");

    public string GatewayPublicFile => Path.Combine(_directory, "identity.pub.pem");

    public string CompensationPrivateFile => Path.Combine(_directory, "compensation-messages.key.pem");

    public string CompensationPublicFile => Path.Combine(_directory, "compensation-messages.pub.pem");

    /// <summary>The key the gateway signs identities with now.</summary>
    public ECDsaSecurityKey Gateway { get; private set; }

    /// <summary>The key Compensation signs tenant rows with.</summary>
    public ECDsaSecurityKey Compensation { get; }

    public static ECDsa NewKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>What <c>./deploy/up</c> gives the host of <paramref name="projectDirectory"/>, and nothing more.</summary>
    public IReadOnlyDictionary<string, string?> SettingsFor(string projectDirectory)
    {
        var settings = new Dictionary<string, string?>();
        if (projectDirectory.StartsWith("gateway/", StringComparison.Ordinal))
        {
            settings[GatewayIdentity.SigningKeyFileSetting] = GatewayPrivateFile;
            return settings;
        }

        settings[GatewayIdentity.PublicKeysFileSetting] = GatewayPublicFile;
        if (projectDirectory.EndsWith("TalentPlatform.Compensation", StringComparison.Ordinal))
        {
            settings[MessageSignatures.SigningKeyFileSetting] = CompensationPrivateFile;
        }

        if (projectDirectory.EndsWith("TalentPlatform.Insights", StringComparison.Ordinal))
        {
            settings[MessageSignatures.SenderKeysSetting("compensation")] = CompensationPublicFile;
        }

        return settings;
    }

    /// <summary>A token as the gateway issues it, now or at <paramref name="at"/>.</summary>
    public string Issue(string role, string tenant = "test", string? subject = null, DateTimeOffset? at = null) =>
        GatewayIdentity.Issue(Gateway, subject ?? $"test-{role}", role, tenant, at ?? DateTimeOffset.UtcNow);

    /// <summary>Signs a point-to-point message as Compensation does.</summary>
    public (string KeyId, string Signature) SignAsCompensation(Guid messageId, object message) =>
        (Compensation.KeyId, Convert.ToBase64String(Compensation.ECDsa.SignData(MessageSignatures.SignedBytes(messageId, message), HashAlgorithmName.SHA256)));

    /// <summary>Step 1 and 3 of a rotation: the public keys the services accept.</summary>
    public void PublishGatewayKeys(params ECDsa[] keys) => Write(GatewayPublicFile, string.Concat(keys.Select(PlatformKeys.PublicPem)));

    /// <summary>Step 2 of a rotation: the key the gateway signs with from now on.</summary>
    public void SignGatewayIdentitiesWith(ECDsa key)
    {
        Write(GatewayPrivateFile, key.ExportPkcs8PrivateKeyPem() + "\n");
        Gateway = PlatformKeys.Named(key);
    }

    /// <summary>Signs a fresh gateway token for every request it sends (through <paramref name="inner"/> when given).</summary>
    public DelegatingHandler Handler(string role, string tenant, HttpMessageHandler? inner = null)
    {
        var signing = new Signing(this, role, tenant);
        if (inner is not null)
        {
            signing.InnerHandler = inner;
        }

        return signing;
    }

    /// <summary>Replaced whole by a rename, as a rotation must, so a reader never sees half a file.</summary>
    private static void Write(string path, string content)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    private sealed class Signing(TestKeys keys, string role, string tenant) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", keys.Issue(role, tenant));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
