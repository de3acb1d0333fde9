using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using TalentPlatform.Gateway.Security;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Gateway.Keys;

/// <summary>Who a presented key belongs to.</summary>
/// <param name="Subject">The key's name for a bootstrap key, its id for an issued one: what services see as <c>sub</c>.</param>
internal sealed record KeyGrant(string Subject, string Role, string Tenant);

/// <summary>
/// Every key the gateway accepts, by SHA-256, held in memory so that authenticating a request costs a hash
/// and a lookup: the bootstrap keys from <c>Gateway:ApiKeys</c> and the active keys issued through the admin
/// API, reloaded whole whenever the database says they changed (<see cref="KeyDirectoryRefresher"/>).
/// <para>
/// Fail closed: when the issued keys could not be confirmed for longer than <c>Gateway:Keys:MaxStaleness</c>
/// (default 30 s, say the database is unreachable), a revocation might have been missed, so issued keys are
/// refused until the next successful reload; bootstrap keys keep working.
/// </para>
/// </summary>
internal sealed class ApiKeyDirectory
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxStaleness;
    private FrozenDictionary<string, KeyGrant> _bootstrapKeys;
    private readonly Lock _replacing = new();
    private volatile Issued _issued = new(-1, FrozenDictionary<string, KeyGrant>.Empty, DateTimeOffset.MinValue);

    public ApiKeyDirectory(IOptionsMonitor<ApiKeyOptions> bootstrap, IConfiguration configuration, TimeProvider time)
    {
        _time = time;
        _maxStaleness = configuration.GetValue("Gateway:Keys:MaxStaleness", TimeSpan.FromSeconds(30));
        _bootstrapKeys = BootstrapKeys(bootstrap.CurrentValue);
        bootstrap.OnChange(options => _bootstrapKeys = BootstrapKeys(options));
    }

    /// <summary>The generation of the issued keys held now; -1 before the first load.</summary>
    public long Generation => _issued.Generation;

    /// <summary>When the issued keys were last confirmed current.</summary>
    public DateTimeOffset ConfirmedAt => _issued.ConfirmedAt;

    public KeyGrant? Find(byte[] sha256)
    {
        var hash = Convert.ToHexStringLower(sha256);
        if (_bootstrapKeys.TryGetValue(hash, out var bootstrap))
        {
            return bootstrap;
        }

        var issued = _issued;
        return _time.GetUtcNow() - issued.ConfirmedAt <= _maxStaleness && issued.Keys.TryGetValue(hash, out var grant) ? grant : null;
    }

    /// <summary>
    /// Holds the keys read at <paramref name="generation"/> unless newer ones are held already: reloads overlap (the
    /// admin endpoint's after a change and the listener's after a notification or a poll) and finish in either order,
    /// and the older one must not undo the newer — a key just issued refused, or one just revoked accepted again.
    /// </summary>
    public void Replace(long generation, IEnumerable<ActiveKey> keys)
    {
        var grants = keys.ToFrozenDictionary(key => Convert.ToHexStringLower(key.Sha256), key => new KeyGrant(key.Id.ToString(), key.Role, key.Tenant));
        lock (_replacing)
        {
            if (generation >= _issued.Generation)
            {
                _issued = new Issued(generation, grants, _time.GetUtcNow());
            }
        }
    }

    /// <summary>
    /// The database's counter is behind what is held (it was restored or recreated): forget the generation held, so
    /// the next reload is taken whatever its generation. The keys held stay until then.
    /// </summary>
    public void ForgetGeneration()
    {
        lock (_replacing)
        {
            _issued = _issued with { Generation = -1 };
        }
    }

    /// <summary>The database still says <paramref name="generation"/>: what is held is current.</summary>
    public void Confirm(long generation)
    {
        lock (_replacing)
        {
            if (_issued.Generation == generation)
            {
                _issued = _issued with { ConfirmedAt = _time.GetUtcNow() };
            }
        }
    }

    private static FrozenDictionary<string, KeyGrant> BootstrapKeys(ApiKeyOptions options) => options.ApiKeys
        .Where(key => Roles.All.Contains(key.Role) && key.Sha256.Length == 64)
        .GroupBy(key => key.Sha256.ToLowerInvariant())
        .ToFrozenDictionary(group => group.Key, group => new KeyGrant(group.First().Name, group.First().Role, group.First().Tenant));

    private sealed record Issued(long Generation, FrozenDictionary<string, KeyGrant> Keys, DateTimeOffset ConfirmedAt);
}
