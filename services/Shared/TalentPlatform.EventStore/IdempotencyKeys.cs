using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JasperFx;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.EventStore;

/// <summary>The first answer to a command sent with an <c>Idempotency-Key</c>, kept to be replayed.</summary>
/// <param name="Id">A hash of the caller's tenant, the method, the path and the key.</param>
/// <param name="RequestHash">A hash of the route, query and body, to tell a retry from a reused key.</param>
public sealed record IdempotentResponse(
    string Id,
    string RequestHash,
    int StatusCode,
    string Body,
    string? Location,
    string? ETag,
    DateTimeOffset CreatedAt);

/// <summary>How long stored answers are kept (configuration section <c>IdempotencyKeys</c>).</summary>
public sealed class IdempotencyKeyOptions
{
    public const string Section = "IdempotencyKeys";

    /// <summary>The longest period a timer takes (about 49 days), rounded down.</summary>
    public static readonly TimeSpan LongestSweepInterval = TimeSpan.FromDays(30);

    /// <summary>
    /// A key replays its first answer for this long after that answer was given; afterwards it is forgotten and
    /// the same key with the same request is a new command.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often answers older than <see cref="Window"/> are deleted.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// <c>Idempotency-Key</c> on commands: the same key and request give the first answer again, with no
/// new events. The answer is stored in the command's own transaction (<see cref="Stage"/> before
/// <c>SaveChangesAsync</c>), so an answer exists exactly when the command's events do; of two requests
/// racing with one key, the second rolls back on the answer's key and replays the first's.
/// Answers are kept for <see cref="IdempotencyKeyOptions.Window"/> (24 h by default) and then swept: a
/// retry is expected within minutes, and a key sent again after the window is a new command.
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const int MaxKeyLength = 255;

    /// <summary>Keeps answers in the store, indexed by when they were given, and sweeps expired ones in the background.</summary>
    internal static void AddIdempotencyKeys(this IServiceCollection services)
    {
        services.AddOptions<IdempotencyKeyOptions>()
            .BindConfiguration(IdempotencyKeyOptions.Section)
            .Validate(
                options => options.Window > TimeSpan.Zero && options.SweepInterval > TimeSpan.Zero && options.SweepInterval <= IdempotencyKeyOptions.LongestSweepInterval,
                $"{IdempotencyKeyOptions.Section}: Window must be positive, SweepInterval positive and at most {IdempotencyKeyOptions.LongestSweepInterval.TotalDays} days.")
            .ValidateOnStart();
        services.ConfigureMarten(options => options.Schema.For<IdempotentResponse>().Duplicate(response => response.CreatedAt));
        services.AddHostedService<IdempotencyKeySweeper>();
    }

    /// <summary>Deletes every answer given before <paramref name="now"/> less the window; returns how many.</summary>
    public static async Task<int> SweepAsync(IDocumentStore store, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken)
    {
        var cutoff = now - window;
        await using var session = store.LightweightSession();
        var expired = await session.Query<IdempotentResponse>().Where(response => response.CreatedAt <= cutoff).CountAsync(cancellationToken);
        if (expired == 0)
        {
            return 0;
        }

        session.DeleteWhere<IdempotentResponse>(response => response.CreatedAt <= cutoff);
        await session.SaveChangesAsync(cancellationToken);
        return expired;
    }

    public static RouteHandlerBuilder WithIdempotencyKeys(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter<IdempotencyFilter>()
            .WithMetadata(new RequestHeader(Header))
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    /// <summary>
    /// Stores the answer about to be given, in <paramref name="session"/>, when the request carries a key.
    /// Set the response's Location and ETag first: they are replayed too.
    /// </summary>
    public static void Stage(IDocumentSession session, HttpContext http, int statusCode, object body)
    {
        if (http.Items[typeof(IdempotencyScope)] is not IdempotencyScope scope)
        {
            return;
        }

        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        session.Insert(new IdempotentResponse(
            scope.Id,
            scope.RequestHash,
            statusCode,
            JsonSerializer.Serialize(body, body.GetType(), json),
            http.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null,
            http.Response.Headers.ETag.ToString() is { Length: > 0 } etag ? etag : null,
            http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()));
    }

    /// <summary>
    /// The request's key: null when it sent none; false when the header is not one key of 1 to 255
    /// visible ASCII characters.
    /// </summary>
    public static bool TryRead(HttpRequest request, out string? key)
    {
        key = null;
        var keys = request.Headers[Header];
        if (keys.Count == 0)
        {
            return true;
        }

        key = keys.Count == 1 ? keys[0] : null;
        return key is { Length: > 0 and <= MaxKeyLength } && !key.Any(c => c is < '!' or > '~');
    }

    /// <summary>400: the Idempotency-Key header is not one valid key.</summary>
    public static IResult InvalidKey() => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { [Header] = [$"One key of 1 to {MaxKeyLength} visible ASCII characters."] },
        title: "The Idempotency-Key header is not valid.");

    /// <summary>
    /// What a key names: keys belong to whoever sent them (the same key from another tenant is another
    /// key), and to the method and path they were sent to.
    /// </summary>
    public static string ScopeOf(HttpContext http, string key)
    {
        var tenant = http.User.FindFirst("tenant")?.Value ?? "";
        return Hash($"{tenant} {http.Request.Method} {http.Request.Path} {key}");
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private sealed record IdempotencyScope(string Id, string RequestHash);

    private sealed class IdempotencyFilter(IDocumentStore store, IOptions<JsonOptions> json, IOptions<IdempotencyKeyOptions> options, TimeProvider time)
        : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var http = context.HttpContext;
            if (http.Request.Headers[Header].Count == 0)
            {
                return await next(context);
            }

            if (!TryRead(http.Request, out var key) || key is null)
            {
                return InvalidKey();
            }

            string hash;
            try
            {
                hash = RequestHash(context);
            }
            catch (JsonException exception) when (exception.InnerException is InvalidOperationException)
            {
                // A body bound as raw JSON may hold a lone surrogate escape (\ud800) that cannot be written out again.
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["body"] = ["Holds text that is not valid Unicode (a lone surrogate escape such as \\ud800)."] },
                    title: "The request body is not valid.");
            }

            var scope = new IdempotencyScope(ScopeOf(http, key), hash);
            await using (var query = store.QuerySession())
            {
                if (await query.LoadAsync<IdempotentResponse>(scope.Id, http.RequestAborted) is { } earlier)
                {
                    var cutoff = time.GetUtcNow() - options.Value.Window;
                    if (earlier.CreatedAt > cutoff)
                    {
                        return Replay(earlier, scope);
                    }

                    // Expired but not yet swept: forget it now, so this request is the new command it is
                    // and its own answer can take the key. Only the expired answer is deleted, never a newer one.
                    await using var session = store.LightweightSession();
                    session.DeleteWhere<IdempotentResponse>(response => response.Id == scope.Id && response.CreatedAt <= cutoff);
                    await session.SaveChangesAsync(http.RequestAborted);
                }
            }

            http.Items[typeof(IdempotencyScope)] = scope;
            try
            {
                return await next(context);
            }
            catch (DocumentAlreadyExistsException exception) when (exception.DocType == typeof(IdempotentResponse))
            {
                // Another request with this key committed first; this one's events rolled back with it.
                await using var query = store.QuerySession();
                var first = await query.LoadAsync<IdempotentResponse>(scope.Id, http.RequestAborted)
                    ?? throw new InvalidOperationException("An idempotent answer collided but cannot be read back.", exception);
                http.Response.Headers.Remove(HeaderNames.Location);
                http.Response.Headers.Remove(HeaderNames.ETag);
                return Replay(first, scope);
            }
        }

        private static IResult Replay(IdempotentResponse earlier, IdempotencyScope scope)
        {
            if (earlier.RequestHash != scope.RequestHash)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "The Idempotency-Key was already used for a different request.",
                    detail: "Send a new key for a new request; reuse a key only to retry the very same request.");
            }

            return new ReplayResult(earlier);
        }

        /// <summary>The route, the query and the bound body, serialized the same way every time.</summary>
        private string RequestHash(EndpointFilterInvocationContext context)
        {
            var http = context.HttpContext;
            var bodyType = http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
            var body = bodyType is null ? null : context.Arguments.FirstOrDefault(argument => argument?.GetType() == bodyType);
            var serialized = body is null ? "" : JsonSerializer.Serialize(body, bodyType!, json.Value.SerializerOptions);
            return Hash($"{http.Request.Path}?{http.Request.QueryString}\n{serialized}");
        }
    }

    private sealed class ReplayResult(IdempotentResponse earlier) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = earlier.StatusCode;
            response.Headers[ReplayedHeader] = "true";
            if (earlier.Location is not null)
            {
                response.Headers.Location = earlier.Location;
            }

            if (earlier.ETag is not null)
            {
                response.Headers.ETag = earlier.ETag;
            }

            response.ContentType = "application/json; charset=utf-8";
            await response.WriteAsync(earlier.Body, httpContext.RequestAborted);
        }
    }
}

/// <summary>Deletes stored answers older than the window, every <see cref="IdempotencyKeyOptions.SweepInterval"/>.</summary>
internal sealed partial class IdempotencyKeySweeper(
    IDocumentStore store,
    IOptions<IdempotencyKeyOptions> options,
    TimeProvider time,
    ILogger<IdempotencyKeySweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var swept = await IdempotencyKeys.SweepAsync(store, time.GetUtcNow(), options.Value.Window, stoppingToken);
                if (swept > 0)
                {
                    LogSwept(swept, options.Value.Window);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The database may be away for a while; the next tick tries again, and until then expired
                // answers are still refused on read.
                LogSweepFailed(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Swept {Count} idempotent answers older than {Window}")]
    private partial void LogSwept(int count, TimeSpan window);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping expired idempotent answers failed; trying again at the next interval")]
    private partial void LogSweepFailed(Exception exception);
}
