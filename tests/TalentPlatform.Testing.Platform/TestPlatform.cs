using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using TalentPlatform.Gateway.Keys;
using Xunit;
using CompensationProgram = TalentPlatform.Compensation.Program;
using DealsProgram = TalentPlatform.Deals.Program;
using GatewayProgram = TalentPlatform.Gateway.Program;
using InsightsProgram = TalentPlatform.Insights.Program;
using PeopleProgram = TalentPlatform.People.Program;
using WebhooksProgram = TalentPlatform.Webhooks.Program;

namespace TalentPlatform.Testing;

/// <summary>
/// Every service and the gateway, each a real host on its own loopback socket with its own database and
/// login, talking over the shared test broker under a prefix of their own, each service as its own broker
/// user, with keys of their own (<see cref="Keys"/>). Tests speak to it as users do: through the gateway,
/// with an API key per role. A platform with <see cref="Replicas"/> above 1 runs that many instances of each
/// service and of the gateway, as <c>./deploy/up --replicas</c> does: each gateway's clusters list every instance.
/// </summary>
public class TestPlatform : IAsyncLifetime
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..10];

    public TestServers Servers { get; private set; } = null!;

    public ServiceHost<DealsProgram> Deals { get; private set; } = null!;

    public ServiceHost<PeopleProgram> People { get; private set; } = null!;

    public ServiceHost<CompensationProgram> Compensation { get; private set; } = null!;

    public ServiceHost<InsightsProgram> Insights { get; private set; } = null!;

    public ServiceHost<WebhooksProgram> Webhooks { get; private set; } = null!;

    public ServiceHost<GatewayProgram> Gateway { get; private set; } = null!;

    /// <summary>How many instances of each host this platform runs.</summary>
    protected virtual int Replicas => 1;

    /// <summary>
    /// With <see cref="Replicas"/> above 1: the second instance of each service runs in a process of its own, started
    /// before the first, so that it is the one running the service's daemon and a test can kill it with SIGKILL.
    /// </summary>
    protected virtual bool SecondInstancesInProcesses => false;

    /// <summary>Every instance of each service (the first is <see cref="Deals"/>, ...), by service name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<IInstance>> Instances { get; private set; } = null!;

    /// <summary>Every gateway instance; the first is <see cref="Gateway"/>.</summary>
    public IReadOnlyList<ServiceHost<GatewayProgram>> Gateways { get; private set; } = [];

    /// <summary>One instance of a service: in this test process, or (<see cref="Process"/>) in one of its own.</summary>
    public interface IInstance
    {
        string Name { get; }

        Uri Address { get; }

        /// <summary>The service's own login on its database, which every instance shares.</summary>
        string ConnectionString { get; }

        /// <summary>The host's services, when it runs in this process.</summary>
        IServiceProvider? Services { get; }

        /// <summary>The host's process, when it runs in one of its own.</summary>
        ProcessHost? Process { get; }

        /// <summary>Stops it while the other instances run: gracefully in this process, by SIGKILL in its own.</summary>
        Task StopAsync();
    }

    private sealed class Instance<TProgram>(string name, ServiceHost<TProgram> host) : IInstance
        where TProgram : class
    {
        public string Name => name;

        public Uri Address => host.Address;

        public string ConnectionString => host.Setting("ConnectionStrings:Postgres")!;

        public IServiceProvider? Services => host.Services;

        public ProcessHost? Process => null;

        public ServiceHost<TProgram> Host => host;

        public Task StopAsync() => host.StopAsync().AsTask();
    }

    private sealed class ProcessInstance(ProcessHost process, string connectionString) : IInstance
    {
        public string Name => process.Name;

        public Uri Address => process.Address;

        public string ConnectionString => connectionString;

        public IServiceProvider? Services => null;

        public ProcessHost? Process => process;

        public Task StopAsync() => process.KillAsync();
    }

    private readonly List<IAsyncDisposable> _replicas = [];

    /// <summary>
    /// The webhooks host receives on loopback (127.0.0.1 is its one allowed host, any other private address is
    /// refused) and retries on a short clock: a first retry after 100 ms, at most 500 ms apart, each attempt
    /// given 3 s, and a retry window of <see cref="WebhookRetryWindow"/> before its subscription is paused.
    /// </summary>
    public static readonly TimeSpan WebhookRetryWindow = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan WebhookAttemptTimeout = TimeSpan.FromSeconds(3);

    public string AnalystKey { get; } = NewKey("analyst");

    public string CustomerKey { get; } = NewKey("customer");

    public string AdminKey { get; } = NewKey("admin");

    public string EntityPrefix => $"test-{_id}.";

    /// <summary>This platform's own keys, so that a rotation here changes no other test's hosts.</summary>
    public TestKeys Keys { get; } = new();

    /// <summary>Each service's own broker user.</summary>
    public BrokerUsers BrokerUsers { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Servers = await TestServers.GetAsync();
        BrokerUsers = await BrokerUsers.CreateAsync(Servers, EntityPrefix, "deals", "people", "compensation", "insights", "webhooks");

        // Each host has its login and database before any starts, so that whatever fails, disposal drops them.
        Deals = Host<DealsProgram>("services/Deals/TalentPlatform.Deals", "deals");
        People = Host<PeopleProgram>("services/People/TalentPlatform.People", "people");
        Compensation = Host<CompensationProgram>("services/Compensation/TalentPlatform.Compensation", "compensation");
        Insights = Host<InsightsProgram>("services/Insights/TalentPlatform.Insights", "insights");
        Webhooks = Host<WebhooksProgram>("services/Webhooks/TalentPlatform.Webhooks", "webhooks", new Dictionary<string, string?>
        {
            ["Webhooks:AllowedHosts"] = "127.0.0.1",
            ["Webhooks:RetryWindow"] = WebhookRetryWindow.ToString(),
            ["Webhooks:FirstRetryDelay"] = "00:00:00.100",
            ["Webhooks:LongestRetryDelay"] = "00:00:00.500",
            ["Webhooks:AttemptTimeout"] = WebhookAttemptTimeout.ToString(),
            ["Webhooks:PollInterval"] = "00:00:00.100",
        });

        // Hosts start in parallel: each creates its schema, which is most of the wait. Further instances in this
        // process start once the first has made the schema; one in a process of its own starts first and leads.
        var started = await Task.WhenAll(
            Task.Run(() => StartAsync("deals", Deals)),
            Task.Run(() => StartAsync("people", People)),
            Task.Run(() => StartAsync("compensation", Compensation)),
            Task.Run(() => StartAsync("insights", Insights)),
            Task.Run(() => StartAsync("webhooks", Webhooks)));
        Instances = started.ToDictionary(list => list.Service, list => list.Instances);
        var instances = Instances;

        var gateway = new Dictionary<string, string?>();
        foreach (var (service, list) in instances)
        {
            for (var i = 0; i < list.Count; i++)
            {
                var destination = i == 0 ? "primary" : $"instance{i + 1}";
                gateway[$"ReverseProxy:Clusters:{service}:Destinations:{destination}:Address"] = list[i].Address.ToString();
            }
        }

        GatewaySettings.AddKey(gateway, 0, "analyst", AnalystKey);
        GatewaySettings.AddKey(gateway, 1, "customer", CustomerKey);
        GatewaySettings.AddKey(gateway, 2, "admin", AdminKey);
        gateway[$"Gateway:RateLimits:Tenants:{LimitedTenant}:PermitsPerSecond"] = "1";
        gateway[$"Gateway:RateLimits:Tenants:{LimitedTenant}:Burst"] = "5";
        gateway["Limits:MinRequestBodyGracePeriod"] = "00:00:02";

        // On a real socket, so that what Kestrel enforces (body, header and URL limits, slow uploads) is tested too.
        Gateway = new ServiceHost<GatewayProgram>(Servers, "gateway/TalentPlatform.Gateway", $"talent_gateway_{_id}", EntityPrefix, gateway, Keys);
        Gateway.Listen();
        var gateways = new List<ServiceHost<GatewayProgram>> { Gateway };
        for (var i = 2; i <= Replicas; i++)
        {
            var another = Gateway.AnotherInstance($"gateway-{i}");
            _replicas.Add(another);
            gateways.Add(another.Listen());
        }

        Gateways = gateways;

        // Ready means every service's database, broker connection and consumers are up, and the gateway's keys loaded.
        using var anonymous = Client(apiKey: null);
        await Eventually.UntilAsync(
            async token =>
            {
                // 503 while a service is still starting: read the report whatever the status code.
                using var response = await anonymous.GetAsync("/health", token);
                return (await response.Content.ReadFromJsonAsync<JsonObject>(token))?["status"]?.GetValue<string>();
            },
            status => status == "Healthy",
            TimeSpan.FromSeconds(60),
            "every service to report healthy through the gateway");
    }

    /// <summary>
    /// The tenant whose quota the platform lowers to 1 request per second with bursts of 5, to test what
    /// happens over quota; create it and its keys with <see cref="IssueKeyAsync"/>.
    /// </summary>
    public const string LimitedTenant = "limited";

    /// <summary>A client of the gateway's socket that sends <paramref name="apiKey"/> (or none).</summary>
    public HttpClient Client(string? apiKey) => Client(apiKey, Gateway);

    /// <summary>A client of one gateway instance's socket (<see cref="Gateways"/>).</summary>
    public HttpClient Client(string? apiKey, ServiceHost<GatewayProgram> gateway)
    {
        var client = new HttpClient(new SentTraceContext { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = gateway.Address };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    public HttpClient Analyst() => Client(AnalystKey);

    public HttpClient Customer() => Client(CustomerKey);

    public HttpClient Admin() => Client(AdminKey);

    /// <summary>Issues a key through the admin API for <paramref name="tenant"/> (created when new) and returns it.</summary>
    public async Task<IssuedKey> IssueKeyAsync(string tenant, string role, string name = "test key")
    {
        using var admin = Admin();
        using (var created = await admin.PostAsJsonAsync("/api/admin/tenants", new { id = tenant, name = tenant }))
        {
            if (created.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.Conflict))
            {
                throw new InvalidOperationException($"Creating tenant {tenant} answered {created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
            }
        }

        using var issued = await admin.PostAsJsonAsync($"/api/admin/tenants/{tenant}/keys", new { name, role });
        if (issued.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Issuing a {role} key for {tenant} answered {issued.StatusCode}: {await issued.Content.ReadAsStringAsync()}");
        }

        return (await issued.Content.ReadFromJsonAsync<IssuedKey>())!;
    }

    public async Task DisposeAsync()
    {
        // The gateways first, then the services; each first instance drops its own database, after the others stopped.
        foreach (var replica in Enumerable.Reverse(_replicas))
        {
            await replica.DisposeAsync();
        }

        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        foreach (var host in new IAsyncDisposable?[] { Deals, People, Compensation, Insights, Webhooks, BrokerUsers })
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }
    }

    /// <summary>Starts every instance of one service; the first is <paramref name="first"/>.</summary>
    private async Task<(string Service, IReadOnlyList<IInstance> Instances)> StartAsync<TProgram>(string service, ServiceHost<TProgram> first)
        where TProgram : class
    {
        var list = new List<IInstance> { new Instance<TProgram>($"{service}-1", first) };
        if (SecondInstancesInProcesses && Replicas > 1)
        {
            var process = first.AnotherProcess($"{service}-2");
            lock (_replicas)
            {
                _replicas.Add(process);
            }

            // A process of its own starts cold (JIT, schema), alongside every other fixture starting on a busy machine.
            await process.WaitUntilReadyAsync(TimeSpan.FromSeconds(180));
            list.Add(new ProcessInstance(process, first.Setting("ConnectionStrings:Postgres")!));
        }

        first.Listen();
        for (var i = list.Count + 1; i <= Replicas; i++)
        {
            var another = first.AnotherInstance($"{service}-{i}");
            lock (_replicas)
            {
                _replicas.Add(another);
            }

            list.Add(new Instance<TProgram>($"{service}-{i}", another.Listen()));
        }

        return (service, list);
    }

    private ServiceHost<TProgram> Host<TProgram>(string project, string service, Dictionary<string, string?>? settings = null)
        where TProgram : class
    {
        settings ??= [];

        // Publish attempts time out fast, so that fault tests outlast several of them.
        settings["Messaging:PublishAttemptTimeout"] = "00:00:01";
        settings["ConnectionStrings:RabbitMq"] = BrokerUsers.UriOf(service);
        return new ServiceHost<TProgram>(Servers, project, $"talent_{service}_{_id}", EntityPrefix, settings, Keys);
    }

    /// <summary>
    /// The hosts in the test process instrument every HttpClient, the tests' own too, and would replace a
    /// <c>traceparent</c> a test sends with one of their own: the sent one becomes the current trace, so
    /// whatever context is sent continues it, as it would from a client outside the platform.
    /// </summary>
    private sealed class SentTraceContext : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var ambient = Activity.Current;
            Activity.Current = null;
            using var sent = request.Headers.TryGetValues("traceparent", out var values)
                && ActivityContext.TryParse(values.First(), null, isRemote: true, out var context)
                ? new Activity("test-client").SetParentId(context.TraceId, context.SpanId, context.TraceFlags).Start()
                : null;
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                sent?.Stop();
                Activity.Current = ambient;
            }
        }
    }

    private static string NewKey(string role) => $"tp_{role}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";
}
