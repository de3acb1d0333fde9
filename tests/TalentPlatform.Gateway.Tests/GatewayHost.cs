using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using TalentPlatform.Testing;
using GatewayProgram = TalentPlatform.Gateway.Program;

namespace TalentPlatform.Gateway.Tests;

/// <summary>
/// The gateway in front of a recording stand-in for Deals (it answers every request and remembers the
/// headers it received); the other services' addresses lead nowhere.
/// </summary>
public sealed class GatewayHost : IAsyncLifetime
{
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

        var nowhere = "http://127.0.0.1:9/";
        var settings = new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:deals:Destinations:primary:Address"] = _deals.Urls.First() + "/",
            ["ReverseProxy:Clusters:people:Destinations:primary:Address"] = nowhere,
            ["ReverseProxy:Clusters:compensation:Destinations:primary:Address"] = nowhere,
            ["ReverseProxy:Clusters:insights:Destinations:primary:Address"] = nowhere,
        };
        TestPlatform.AddKey(settings, 0, "analyst", AnalystKey);
        TestPlatform.AddKey(settings, 1, "customer", CustomerKey);
        TestPlatform.AddKey(settings, 2, "admin", AdminKey);

        Gateway = new ServiceHost<GatewayProgram>("gateway/TalentPlatform.Gateway", settings);
    }

    public HttpClient Client(string? apiKey)
    {
        var client = Gateway.CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    public async Task DisposeAsync()
    {
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
