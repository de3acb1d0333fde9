using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;
using TalentPlatform.Gateway.Security;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.Vocabulary.Validation;
using Yarp.ReverseProxy.Model;

namespace TalentPlatform.Gateway.Audit;

/// <summary>
/// One action as the audit trail keeps it: who (key, tenant, role), what (service, method, path, and for
/// the gateway's own admin actions the key or tenant acted on and that tenant), when, and the answer's
/// status. Never the request's or the answer's body.
/// </summary>
public sealed record AuditEntry(
    long Id,
    DateTimeOffset At,
    string Service,
    string Method,
    string Path,
    string Key,
    string Tenant,
    string Role,
    int Status,
    string? Target,
    string? TargetTenant,
    string? TraceId);

/// <summary>
/// Which entries a query asks for: each filter optional, <c>from</c> inclusive, <c>to</c> exclusive; a tenant
/// matches the actions of its keys and the admin actions on it (its keys issued, revoked, rotated).
/// </summary>
public sealed record AuditQuery(string? Tenant, string? Key, DateTimeOffset? From, DateTimeOffset? To)
{
    public static AuditQuery Read(HttpRequest request, ValidationErrors errors) => new(
        Text(request.Query["tenant"], "tenant", errors),
        Text(request.Query["key"], "key", errors),
        Instant(request.Query["from"], "from", errors),
        Instant(request.Query["to"], "to", errors));

    private static string? Text(string? text, string field, ValidationErrors errors)
    {
        errors.When(text is { Length: 0 or > 200 }, field, "1 to 200 characters.");
        return text;
    }

    /// <summary>An instant (2025-06-12T10:00:00Z) or a day (2025-06-12, its start in UTC).</summary>
    private static DateTimeOffset? Instant(string? text, string field, ValidationErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        var valid = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant);
        errors.When(!valid, field, "A day such as 2025-06-12 or an instant such as 2025-06-12T10:00:00Z.");
        return valid ? instant.ToUniversalTime() : null;
    }
}

/// <summary>
/// The admin audit trail, in the gateway's database: every write (POST, PUT, PATCH, DELETE) an authenticated
/// caller makes through the gateway, with its result — refusals (403, 429) and failures too — and the
/// gateway's own admin actions (tenants, key issuance, revocation, rotation). The gateway is where every
/// command passes, so it records each once, whichever service took it.
/// <para>
/// Commands proxied to a service are queued and written in batches (at most 1,000 rows or 100 ms apart), so
/// the trail costs them no round trip; while the database is away the queue holds up to 100,000 entries and
/// drops (and counts, in the log) what comes beyond. The gateway's own admin actions are written before their
/// answer completes.
/// </para>
/// </summary>
internal sealed partial class AuditTrail(NpgsqlDataSource database, TimeProvider time, ILogger<AuditTrail> logger) : BackgroundService
{
    public const string Schema = """
        create table if not exists audit_log (
            id bigint generated always as identity primary key,
            at timestamptz not null,
            service text not null,
            method text not null,
            path text not null,
            key text not null,
            tenant text not null,
            role text not null,
            status int not null,
            target text,
            target_tenant text,
            trace_id text);
        create index if not exists audit_log_by_time on audit_log (at desc, id desc);
        create index if not exists audit_log_by_tenant on audit_log (tenant, at desc, id desc);
        create index if not exists audit_log_by_key on audit_log (key, at desc, id desc);
        create index if not exists audit_log_by_target_tenant on audit_log (target_tenant, at desc, id desc) where target_tenant is not null;
        """;

    // What an admin endpoint acted on, for its audit entry.
    private const string TargetItem = "talent.audit.target";
    private const string TargetTenantItem = "talent.audit.target-tenant";

    private const int BatchSize = 1000;
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(100);

    private readonly Channel<AuditEntry> _queue = Channel.CreateBounded<AuditEntry>(
        new BoundedChannelOptions(100_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private long _dropped;

    /// <summary>Names the key or tenant an admin action acted on, and that tenant, for its audit entry.</summary>
    public static void Target(HttpContext http, string target, string tenant)
    {
        http.Items[TargetItem] = target;
        http.Items[TargetTenantItem] = tenant;
    }

    /// <summary>Records what an authenticated caller's write came to; reads and anonymous requests are not actions.</summary>
    public async Task RecordAsync(HttpContext http, DateTimeOffset at)
    {
        var user = http.User;
        if (user.Identity?.IsAuthenticated != true || HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method))
        {
            return;
        }

        // A proxied route names its service; anything else (the admin API, an unknown route) is the gateway's.
        var service = http.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config.ClusterId ?? "gateway";
        var entry = new AuditEntry(
            0,
            at,
            service,
            http.Request.Method,
            http.Request.Path.Value ?? "/",
            user.FindFirstValue(TalentClaims.KeyName) ?? "",
            user.FindFirstValue(TalentClaims.Tenant) ?? "",
            user.FindFirstValue(ClaimTypes.Role) ?? "",
            http.Response.StatusCode,
            http.Items.TryGetValue(TargetItem, out var target) ? target as string : null,
            http.Items.TryGetValue(TargetTenantItem, out var targetTenant) ? targetTenant as string : null,
            Activity.Current?.TraceId.ToHexString());

        if (service == "gateway")
        {
            try
            {
                await InsertAsync([entry], CancellationToken.None);
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
            {
                // The answer stands; the entry is written later, with the proxied ones.
                LogWriteFailed(exception, 1, 1);
            }
        }

        if (!_queue.Writer.TryWrite(entry) && Interlocked.Increment(ref _dropped) % 1000 == 1)
        {
            LogDropped(Interlocked.Read(ref _dropped));
        }
    }

    public async Task<(IReadOnlyList<AuditEntry> Items, long Total)> QueryAsync(AuditQuery query, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            select id, at, service, method, path, key, tenant, role, status, target, target_tenant, trace_id, count(*) over ()
            from audit_log
            where ($1::text is null or tenant = $1 or target_tenant = $1) and ($2::text is null or key = $2)
              and ($3::timestamptz is null or at >= $3) and ($4::timestamptz is null or at < $4)
            order by at desc, id desc
            limit $5 offset $6
            """);
        command.Parameters.Add(new() { Value = (object?)query.Tenant ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)query.Key ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)query.From ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = (object?)query.To ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = pageSize });
        command.Parameters.Add(new() { Value = (long)(page - 1) * pageSize });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<AuditEntry>();
        long total = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new AuditEntry(
                reader.GetInt64(0),
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetString(6),
                reader.GetString(7),
                reader.GetInt32(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetString(11)));
            total = reader.GetInt64(12);
        }

        return (items, total);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AuditEntry>(BatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                using (var window = new CancellationTokenSource(BatchWindow, time))
                {
                    while (batch.Count < BatchSize && !window.IsCancellationRequested)
                    {
                        while (batch.Count < BatchSize && _queue.Reader.TryRead(out var entry))
                        {
                            batch.Add(entry);
                        }

                        if (batch.Count < BatchSize && !await WaitAsync(window.Token, stoppingToken))
                        {
                            break;
                        }
                    }
                }

                await WriteUntilStoredAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is written below.
        }

        while (_queue.Reader.TryRead(out var entry))
        {
            batch.Add(entry);
        }

        if (batch.Count > 0)
        {
            try
            {
                await InsertAsync(batch, CancellationToken.None);
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
            {
                LogLostOnStop(exception, batch.Count);
            }
        }
    }

    /// <summary>More may come within the window: false when the window closed first.</summary>
    private async Task<bool> WaitAsync(CancellationToken window, CancellationToken stoppingToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(window, stoppingToken);
        try
        {
            return await _queue.Reader.WaitToReadAsync(either.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task WriteUntilStoredAsync(List<AuditEntry> batch, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await InsertAsync(batch, stoppingToken);
                return;
            }
            catch (Exception exception) when (exception is (NpgsqlException or InvalidOperationException) && !stoppingToken.IsCancellationRequested)
            {
                if (attempt == 1 || attempt % 30 == 0)
                {
                    LogWriteFailed(exception, batch.Count, attempt);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(200 * attempt, 2000)), time, stoppingToken);
            }
        }
    }

    private async Task InsertAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            insert into audit_log (at, service, method, path, key, tenant, role, status, target, target_tenant, trace_id)
            select * from unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[], $10::text[], $11::text[])
            """);
        command.Parameters.Add(new() { Value = entries.Select(entry => entry.At).ToArray() });
        command.Parameters.Add(new() { Value = entries.Select(entry => entry.Service).ToArray() });
        command.Parameters.Add(new() { Value = entries.Select(entry => entry.Method).ToArray() });
        command.Parameters.Add(new() { Value = entries.Select(entry => entry.Path).ToArray() });
        command.Parameters.Add(new() { Value = entries.Select(entry => entry.Key).ToArray() });
        command.Parameters.Add(new() { Value = entries.Select(entry => entry.Tenant).ToArray() });
        command.Parameters.Add(new() { Value = entries.Select(entry => entry.Role).ToArray() });
        command.Parameters.Add(new() { Value = entries.Select(entry => entry.Status).ToArray() });
        command.Parameters.Add(new() { Value = entries.Select(entry => entry.Target).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = entries.Select(entry => entry.TargetTenant).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = entries.Select(entry => entry.TraceId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit trail's queue is full (its database is away?): {Dropped} entries dropped so far")]
    private partial void LogDropped(long dropped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} audit entries failed ({Attempt} attempts); retrying")]
    private partial void LogWriteFailed(Exception exception, int count, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} audit entries could not be written before the gateway stopped")]
    private partial void LogLostOnStop(Exception exception, int count);
}

internal static class AuditTrailEndpoints
{
    public static IServiceCollection AddAuditTrail(this IServiceCollection services)
    {
        services.AddSingleton<AuditTrail>();
        services.AddHostedService(provider => provider.GetRequiredService<AuditTrail>());
        return services;
    }

    /// <summary>Outermost, so that it sees the status every other part of the gateway answered with.</summary>
    public static WebApplication UseAuditTrail(this WebApplication app)
    {
        var trail = app.Services.GetRequiredService<AuditTrail>();
        var time = app.Services.GetRequiredService<TimeProvider>();
        app.Use(async (http, next) =>
        {
            var at = time.GetUtcNow();
            try
            {
                await next(http);
            }
            finally
            {
                await trail.RecordAsync(http, at);
            }
        });
        return app;
    }

    public static async Task<IResult> ListAsync(AuditTrail trail, HttpContext http)
    {
        var errors = new ValidationErrors();
        var (page, pageSize) = Paging.Read(http.Request, errors);
        var query = AuditQuery.Read(http.Request, errors);
        errors.When(query.From >= query.To, "to", "The range ends before it starts.");
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The audit query is not valid.");
        }

        var (items, total) = await trail.QueryAsync(query, page, pageSize, http.RequestAborted);
        return TypedResults.Ok(Paging.Of(http.Request, items, page, pageSize, total));
    }
}
