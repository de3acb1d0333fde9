using System.Threading.RateLimiting;
using Npgsql;

namespace TalentPlatform.Gateway;

/// <summary>
/// A tenant's token bucket kept in the gateway's database, so that every gateway instance spends the same
/// quota: N instances admit what one would, not N times as much. Each instance takes permits from the shared
/// row in leases of <see cref="LeaseSize"/> (one round trip per lease, not per request) and spends them
/// locally; permits left over in a lease expire after <see cref="LeaseLifetime"/>. So the instances together never
/// admit more than the bucket gives out, plus at most one lease per instance taken in the last
/// <see cref="LeaseLifetime"/>, and a request may be refused while another instance still holds permits it leased
/// (fewer than one lease each). The database's clock refills the bucket, so instances' clocks need not agree.
/// </summary>
internal sealed partial class SharedQuota(NpgsqlDataSource database, TimeProvider time, ILogger<SharedQuota> logger)
{
    /// <summary>How long permits an instance leased stay spendable there.</summary>
    public static readonly TimeSpan LeaseLifetime = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The bucket per tenant, and the one statement that refills it for the time passed and takes up to
    /// <c>p_want</c> permits, answering how many it took and, when none, how long until one is there.
    /// </summary>
    public const string Schema = """
        create table if not exists quota_buckets (
            tenant text primary key,
            tokens double precision not null,
            refilled_at timestamptz not null);
        create or replace function take_quota(
            p_tenant text, p_rate double precision, p_burst double precision, p_want int,
            out granted int, out wait_seconds double precision)
        language plpgsql as $$
        declare
            held double precision;
            since timestamptz;
            moment timestamptz;
        begin
            insert into quota_buckets (tenant, tokens, refilled_at) values (p_tenant, p_burst, clock_timestamp())
                on conflict (tenant) do nothing;
            select b.tokens, b.refilled_at into held, since from quota_buckets b where b.tenant = p_tenant for update;
            moment := greatest(clock_timestamp(), since);
            held := least(p_burst, held + p_rate * extract(epoch from moment - since));
            granted := least(p_want, floor(held))::int;
            held := held - granted;
            update quota_buckets set tokens = held, refilled_at = moment where tenant = p_tenant;
            wait_seconds := case when granted > 0 then 0 else (1 - held) / p_rate end;
        end $$;
        """;

    /// <summary>Permits one round trip takes: a twentieth of a second's quota, at least 1, at most the burst.</summary>
    public static int LeaseSize(TenantQuota quota) => Math.Clamp(quota.PermitsPerSecond / 20, 1, quota.Burst);

    public TimeProvider Time => time;

    /// <summary>Takes up to <paramref name="want"/> permits from the tenant's shared bucket.</summary>
    public async Task<(int Granted, TimeSpan RetryAfter)> TakeAsync(string tenant, TenantQuota quota, int want, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("select granted, wait_seconds from take_quota($1, $2, $3, $4)");
        command.Parameters.Add(new() { Value = tenant });
        command.Parameters.Add(new() { Value = (double)quota.PermitsPerSecond });
        command.Parameters.Add(new() { Value = (double)quota.Burst });
        command.Parameters.Add(new() { Value = want });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(0), TimeSpan.FromSeconds(reader.GetDouble(1)));
    }

    public void ReportUnavailable(string tenant, Exception exception) => LogUnavailable(tenant, exception.GetType().Name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The shared quota of tenant {Tenant} is out of reach ({Error}); this instance limits it on its own meanwhile")]
    private partial void LogUnavailable(string tenant, string error);
}

/// <summary>
/// One tenant's limiter on one gateway instance: spends permits leased from <see cref="SharedQuota"/>, and takes
/// the next lease when they run out (one lease at a time; requests waiting for it then spend it too). While the
/// database cannot be reached it limits the tenant on its own with the same quota, as a single instance did.
/// </summary>
internal sealed class SharedTokenBucket(SharedQuota shared, string tenant, TenantQuota quota) : RateLimiter
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _leasing = new(1, 1);
    private readonly int _leaseSize = SharedQuota.LeaseSize(quota);
    private readonly TokenBucketRateLimiter _fallback = new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = quota.Burst,
        TokensPerPeriod = quota.PermitsPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    });

    private int _leased;
    private long _leaseExpires;
    private long _lastUsed = shared.Time.GetTimestamp();
    private DateTimeOffset _unavailableUntil = DateTimeOffset.MinValue;

    public override TimeSpan? IdleDuration => shared.Time.GetElapsedTime(Volatile.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => new() { CurrentAvailablePermits = _leased };

    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        TrySpend(permitCount) ? Granted.Lease : Refused.Once;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (permitCount > quota.Burst)
        {
            return Refused.Once;
        }

        await _leasing.WaitAsync(cancellationToken);
        try
        {
            // Another request may have taken a lease while this one waited for its turn.
            if (TrySpend(permitCount))
            {
                return Granted.Lease;
            }

            if (shared.Time.GetUtcNow() < _unavailableUntil)
            {
                return _fallback.AttemptAcquire(permitCount);
            }

            int granted;
            TimeSpan retryAfter;
            try
            {
                (granted, retryAfter) = await shared.TakeAsync(tenant, quota, Math.Max(_leaseSize, permitCount), cancellationToken);
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
            {
                // Fail open to this instance's own bucket rather than refuse every request, and try the database
                // again after a moment rather than wait on it with every request.
                shared.ReportUnavailable(tenant, exception);
                _unavailableUntil = shared.Time.GetUtcNow() + TimeSpan.FromSeconds(1);
                return _fallback.AttemptAcquire(permitCount);
            }

            if (granted < permitCount)
            {
                // A partial lease is kept for the next request (it was taken from the tenant's bucket either way).
                Store(granted);
                return new Refused(retryAfter);
            }

            Store(granted - permitCount);
            return Granted.Lease;
        }
        finally
        {
            _leasing.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _fallback.Dispose();
            _leasing.Dispose();
        }

        base.Dispose(disposing);
    }

    private bool TrySpend(int permitCount)
    {
        lock (_gate)
        {
            var now = shared.Time.GetTimestamp();
            _lastUsed = now;
            if (_leased >= permitCount && now < _leaseExpires)
            {
                _leased -= permitCount;
                return true;
            }

            return permitCount == 0 && _leased > 0 && now < _leaseExpires;
        }
    }

    private void Store(int permits)
    {
        lock (_gate)
        {
            var now = shared.Time.GetTimestamp();
            _leased = permits;
            _leaseExpires = now + (long)(SharedQuota.LeaseLifetime.TotalSeconds * shared.Time.TimestampFrequency);
        }
    }

    private sealed class Granted : RateLimitLease
    {
        public static readonly Granted Lease = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }

    private sealed class Refused(TimeSpan? retryAfter) : RateLimitLease
    {
        /// <summary>Not acquired here and now: the middleware then asks <see cref="AcquireAsyncCore"/>.</summary>
        public static readonly Refused Once = new(null);

        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
