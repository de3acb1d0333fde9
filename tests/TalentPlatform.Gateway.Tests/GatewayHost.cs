using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using GatewayProgram = TalentPlatform.Gateway.Program;

namespace TalentPlatform.Gateway.Tests;

/// <summary>
/// The gateway, with its own database on the test server, in front of a recording stand-in for Deals (it
/// answers every request and remembers the headers it received, but breaks off <c>/api/deals/broken</c> and never
/// answers <c>/api/deals/slow</c>, each counted) and one for Webhooks that a test may kill; the other services'
/// addresses lead nowhere. Deals' requests time out after <see cref="DealsTimeout"/>; Webhooks is probed every half second.
/// </summary>
public sealed class GatewayHost : IAsyncLifetime
{
    private readonly string _database = $"talent_gateway_{Guid.NewGuid():N}";
    private readonly List<ServiceHost<GatewayProgram>> _otherInstances = [];
    private Dictionary<string, string?> _settings = null!;
    private TestServers _servers = null!;

    public const string AnalystKey = "tp_analyst_gateway_test_key";
    public const string CustomerKey = "tp_customer_gateway_test_key";
    public const string AdminKey = "tp_admin_gateway_test_key";

    /// <summary>The idle timeout of requests to Deals (30 s in production).</summary>
    public static readonly TimeSpan DealsTimeout = TimeSpan.FromSeconds(5);

    private WebApplication _deals = null!;
    private WebApplication? _webhooks;
    private int _broken;
    private int _slow;

    /// <summary>Requests the Deals stand-in received on <c>/api/deals/broken</c> and <c>/api/deals/slow</c>.</summary>
    public int BrokenReceived => Volatile.Read(ref _broken);

    public int SlowReceived => Volatile.Read(ref _slow);

    public ServiceHost<GatewayProgram> Gateway { get; private set; } = null!;

    /// <summary>The headers of every request the stand-in received, by request path.</summary>
    public ConcurrentDictionary<string, IHeaderDictionary> Received { get; } = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _deals = builder.Build();
        _deals.MapGet("/health/ready", () => Results.Json(new { status = "Healthy" }));
        _deals.Map("/api/deals/broken", (HttpContext context) =>
        {
            Interlocked.Increment(ref _broken);
            context.Abort();
        });
        _deals.Map("/api/deals/slow", async (HttpContext context) =>
        {
            Interlocked.Increment(ref _slow);
            // Answers nothing until the gateway gives up on it (bounded, so a gateway that never does fails the test).
            var abandoned = new TaskCompletionSource();
            using var registration = context.RequestAborted.Register(() => abandoned.TrySetResult());
            await abandoned.Task.WaitAsync(TimeSpan.FromMinutes(2));
        });
        _deals.Map("/{**path}", (HttpContext context) =>
        {
            Received[context.Request.Path] = new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value));
            return Results.Json(new { reached = "deals" }, statusCode: StatusCodes.Status201Created);
        });
        await _deals.StartAsync();

        var webhooks = WebApplication.CreateSlimBuilder();
        webhooks.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _webhooks = webhooks.Build();
        _webhooks.Map("/{**path}", () => Results.Json(new { reached = "webhooks" }));
        await _webhooks.StartAsync();

        _servers = await TestServers.GetAsync();
        var nowhere = "http://127.0.0.1:9/";
        var settings = new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:deals:Destinations:primary:Address"] = _deals.Urls.First() + "/",
            ["ReverseProxy:Clusters:people:Destinations:primary:Address"] = nowhere,
            ["ReverseProxy:Clusters:compensation:Destinations:primary:Address"] = nowhere,
            ["ReverseProxy:Clusters:insights:Destinations:primary:Address"] = nowhere,
            ["ReverseProxy:Clusters:webhooks:Destinations:primary:Address"] = _webhooks.Urls.First() + "/",
            ["ReverseProxy:Clusters:deals:HttpRequest:ActivityTimeout"] = DealsTimeout.ToString(),
            ["ReverseProxy:Clusters:webhooks:HealthCheck:Active:Interval"] = "00:00:00.500",
            ["ReverseProxy:Clusters:webhooks:HealthCheck:Active:Timeout"] = "00:00:01",
        };
        GatewaySettings.AddKey(settings, 0, "analyst", AnalystKey);
        GatewaySettings.AddKey(settings, 1, "customer", CustomerKey);
        GatewaySettings.AddKey(settings, 2, "admin", AdminKey);

        _settings = settings;
        Gateway = new ServiceHost<GatewayProgram>(_servers, "gateway/TalentPlatform.Gateway", _database, "unused.", settings);
    }

    /// <summary>Another gateway instance on the same database, as a second replica would run.</summary>
    public ServiceHost<GatewayProgram> AnotherInstance()
    {
        // Passed as a setting, not as the host's own database, so that this instance does not drop it.
        var settings = new Dictionary<string, string?>(_settings)
        {
            ["Talent:Database"] = _database,
            ["ConnectionStrings:Postgres"] = Gateway.Login!.ConnectionString,
        };
        var instance = new ServiceHost<GatewayProgram>(_servers, "gateway/TalentPlatform.Gateway", database: null, "unused.", settings);
        _otherInstances.Add(instance);
        return instance;
    }

    /// <summary>A client of <paramref name="instance"/> (default: the first) that sends <paramref name="apiKey"/>.</summary>
    public static HttpClient ClientOf(ServiceHost<GatewayProgram> instance, string? apiKey)
    {
        var client = instance.CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    public HttpClient Client(string? apiKey) => ClientOf(Gateway, apiKey);

    /// <summary>Stops the Webhooks stand-in as a crash would: its port refuses connections from now on.</summary>
    public async Task KillWebhooksAsync()
    {
        if (_webhooks is { } webhooks)
        {
            _webhooks = null;
            await webhooks.StopAsync();
            await webhooks.DisposeAsync();
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in _otherInstances)
        {
            await instance.DisposeAsync();
        }

        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        if (_deals is not null)
        {
            await _deals.DisposeAsync();
        }

        await KillWebhooksAsync();
    }
}
