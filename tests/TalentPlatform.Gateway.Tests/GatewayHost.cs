using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using GatewayProgram = TalentPlatform.Gateway.Program;

namespace TalentPlatform.Gateway.Tests;

/// <summary>
/// The gateway, with its own database on the test server, in front of a recording stand-in for Deals (it
/// answers every request and remembers the headers it received); the other services' addresses lead nowhere.
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

    private WebApplication _deals = null!;

    public ServiceHost<GatewayProgram> Gateway { get; private set; } = null!;

    /// <summary>The headers of every request the stand-in received, by request path.</summary>
    public ConcurrentDictionary<string, IHeaderDictionary> Received { get; } = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _deals = builder.Build();
        _deals.MapGet("/health/ready", () => Results.Json(new { status = "Healthy" }));
        _deals.Map("/{**path}", (HttpContext context) =>
        {
            Received[context.Request.Path] = new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value));
            return Results.Json(new { reached = "deals" }, statusCode: StatusCodes.Status201Created);
        });
        await _deals.StartAsync();

        _servers = await TestServers.GetAsync();
        var nowhere = "http://127.0.0.1:9/";
        var settings = new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:deals:Destinations:primary:Address"] = _deals.Urls.First() + "/",
            ["ReverseProxy:Clusters:people:Destinations:primary:Address"] = nowhere,
            ["ReverseProxy:Clusters:compensation:Destinations:primary:Address"] = nowhere,
            ["ReverseProxy:Clusters:insights:Destinations:primary:Address"] = nowhere,
            ["ReverseProxy:Clusters:webhooks:Destinations:primary:Address"] = nowhere,
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
    }
}
