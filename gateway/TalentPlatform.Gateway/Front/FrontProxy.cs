using Yarp.ReverseProxy.Configuration;

namespace TalentPlatform.Gateway.Front;

/// <summary>
/// The front port of several gateway instances (<c>./deploy/up --replicas N</c>): the same gateway program, started
/// with <c>Gateway:Front:Instances:{i}</c> (the instances' base addresses), that only balances every request across
/// them with YARP (least requests, passive and active health checks) and does nothing else: the instances
/// authenticate, limit and route. It holds no keys and no database, so it is never what a request waits on.
/// </summary>
internal static class FrontProxy
{
    public const string Section = "Gateway:Front:Instances";

    public static bool IsFront(IConfiguration configuration) => configuration.GetSection(Section).GetChildren().Any();

    public static async Task RunAsync(WebApplicationBuilder builder)
    {
        var instances = builder.Configuration.GetSection(Section).GetChildren().Select(child => child.Value).OfType<string>().ToList();
        // The instances enforce the body limits of each route (imports may send a gigabyte); the front only relays.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        builder.Services.AddSingleton<Yarp.ReverseProxy.Health.IPassiveHealthCheckPolicy, Health.EjectOnFailure>();
        builder.Services.AddReverseProxy().LoadFromMemory(
            [
                new RouteConfig { RouteId = "gateways", ClusterId = "gateways", Match = new RouteMatch { Path = "/{**rest}" } },
            ],
            [
                new ClusterConfig
                {
                    ClusterId = "gateways",
                    LoadBalancingPolicy = "LeastRequests",
                    Destinations = instances.Select((address, i) => (address, i)).ToDictionary(
                        instance => $"gateway-{instance.i + 1}",
                        instance => new DestinationConfig { Address = instance.address }),
                    // As long as the longest route of an instance (imports) may stay idle.
                    HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromMinutes(10) },
                    HealthCheck = new HealthCheckConfig
                    {
                        AvailableDestinationsPolicy = "HealthyAndUnknown",
                        Active = new ActiveHealthCheckConfig
                        {
                            Enabled = true,
                            Interval = TimeSpan.FromSeconds(2),
                            Timeout = TimeSpan.FromSeconds(2),
                            Policy = "ConsecutiveFailures",
                            Path = "/health/live",
                        },
                        Passive = new PassiveHealthCheckConfig
                        {
                            Enabled = true,
                            Policy = Health.EjectOnFailure.PolicyName,
                            ReactivationPeriod = TimeSpan.FromSeconds(10),
                        },
                    },
                    Metadata = new Dictionary<string, string> { ["ConsecutiveFailuresHealthPolicy.Threshold"] = "2" },
                },
            ]);
        var app = builder.Build();
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(Program.RetryRefusedConnectionAsync);
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        await app.RunAsync();
    }
}
