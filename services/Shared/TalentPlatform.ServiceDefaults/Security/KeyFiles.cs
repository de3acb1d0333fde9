using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace TalentPlatform.ServiceDefaults.Security;

/// <summary>
/// The platform's signing keys: ECDSA on P-256 (ES256), in PEM files. A key's id is the RFC 7638 thumbprint
/// of its public part, so a file needs no metadata and every holder of a key agrees on its id.
/// </summary>
public static class PlatformKeys
{
    /// <summary>The key with its id, as Microsoft.IdentityModel signs and verifies with it.</summary>
    public static ECDsaSecurityKey Named(ECDsa key) => new(key) { KeyId = Thumbprint(key) };

    /// <summary>RFC 7638: SHA-256 of the public key's required JWK members in lexicographic order, base64url.</summary>
    public static string Thumbprint(ECDsa key)
    {
        var point = key.ExportParameters(includePrivateParameters: false).Q;
        var members = $$"""{"crv":"P-256","kty":"EC","x":"{{Base64Url.EncodeToString(point.X)}}","y":"{{Base64Url.EncodeToString(point.Y)}}"}""";
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(members)));
    }

    /// <summary>One private key (PKCS#8 <c>PRIVATE KEY</c> or SEC1 <c>EC PRIVATE KEY</c>) on P-256.</summary>
    public static ECDsa ReadPrivate(string pem, string what)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new InvalidOperationException($"{what} does not hold one PEM private key: {exception.Message}", exception);
        }

        return OnP256(key, what);
    }

    /// <summary>Every <c>PUBLIC KEY</c> block of a PEM file, each on P-256; private keys are refused, not ignored.</summary>
    public static IReadOnlyList<ECDsa> ReadPublic(string pem, string what)
    {
        var keys = new List<ECDsa>();
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label];
            if (!label.SequenceEqual("PUBLIC KEY"))
            {
                throw new InvalidOperationException($"{what} holds a '{label}' block; it must hold public keys only.");
            }

            var key = ECDsa.Create();
            try
            {
                key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(rest[fields.Base64Data].ToString()), out _);
            }
            catch (CryptographicException exception)
            {
                key.Dispose();
                throw new InvalidOperationException($"{what} holds a public key that is not an EC key: {exception.Message}", exception);
            }

            keys.Add(OnP256(key, what));
            rest = rest[fields.Location.End..];
        }

        return keys.Count > 0 ? keys : throw new InvalidOperationException($"{what} holds no PEM public key.");
    }

    /// <summary>The public key as a PEM block, ending with a line break so that blocks concatenate into a valid file.</summary>
    public static string PublicPem(ECDsa key) => key.ExportSubjectPublicKeyInfoPem() + "\n";

    private static ECDsa OnP256(ECDsa key, string what)
    {
        var curve = key.ExportParameters(false).Curve;
        if (curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            key.Dispose();
            throw new InvalidOperationException($"{what} holds a key on curve {curve.Oid.FriendlyName ?? curve.Oid.Value}; the platform signs with P-256 (ES256).");
        }

        return key;
    }
}

/// <summary>
/// A key file read again when its content changes, so that keys rotate without a restart: the file is
/// compared with what was read at most once a second, on use. A file that turns unreadable or invalid
/// keeps the keys last read (a rotation replaces files by renaming, so a half-written file is never seen);
/// a file missing or invalid at start stops the host from starting.
/// </summary>
public abstract class WatchedKeyFile<T>
    where T : class
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);

    private readonly string _path;
    private readonly string _what;
    private readonly TimeProvider _time;
    private readonly Lock _reloading = new();
    private volatile Loaded _loaded;

    protected WatchedKeyFile(string? path, string what, TimeProvider time)
    {
        _what = what;
        _time = time;
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new InvalidOperationException($"{what} is not set.");
        }

        _path = path;
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{what} ({path}) cannot be read: {exception.Message}", exception);
        }

        _loaded = new Loaded(Parse(Encoding.UTF8.GetString(content), $"{what} ({path})"), content, time.GetUtcNow());
    }

    /// <summary>The keys as the file holds them now (at most a second old).</summary>
    protected T Current
    {
        get
        {
            var loaded = _loaded;
            if (_time.GetUtcNow() - loaded.CheckedAt < CheckEvery || !_reloading.TryEnter())
            {
                return loaded.Value;
            }

            try
            {
                return Reload(loaded).Value;
            }
            finally
            {
                _reloading.Exit();
            }
        }
    }

    protected abstract T Parse(string pem, string what);

    private Loaded Reload(Loaded loaded)
    {
        var now = _time.GetUtcNow();
        try
        {
            var content = File.ReadAllBytes(_path);
            _loaded = content.AsSpan().SequenceEqual(loaded.Content)
                ? loaded with { CheckedAt = now }
                : new Loaded(Parse(Encoding.UTF8.GetString(content), $"{_what} ({_path})"), content, now);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // Keep what was read last; the next check tries again.
            _loaded = loaded with { CheckedAt = now };
        }

        return _loaded;
    }

    private sealed record Loaded(T Value, byte[] Content, DateTimeOffset CheckedAt);
}

/// <summary>A private signing key: the gateway's for identities, Compensation's for tenant rows.</summary>
public sealed class SigningKeyFile(string? path, string what, TimeProvider time) : WatchedKeyFile<ECDsaSecurityKey>(path, what, time)
{
    /// <summary>The key to sign with now: after a rotation, the new one.</summary>
    public ECDsaSecurityKey Key => Current;

    protected override ECDsaSecurityKey Parse(string pem, string what) => PlatformKeys.Named(PlatformKeys.ReadPrivate(pem, what));
}

/// <summary>The public keys a verifier trusts, by id: during a rotation, the old key and the new.</summary>
public sealed class PublicKeysFile(string? path, string what, TimeProvider time)
    : WatchedKeyFile<IReadOnlyDictionary<string, ECDsaSecurityKey>>(path, what, time)
{
    public ECDsaSecurityKey? Find(string? keyId) => keyId is not null && Current.TryGetValue(keyId, out var key) ? key : null;

    public IReadOnlyCollection<string> KeyIds => [.. Current.Keys];

    protected override IReadOnlyDictionary<string, ECDsaSecurityKey> Parse(string pem, string what) =>
        PlatformKeys.ReadPublic(pem, what).Select(PlatformKeys.Named).GroupBy(key => key.KeyId).ToDictionary(group => group.Key, group => group.First());
}
