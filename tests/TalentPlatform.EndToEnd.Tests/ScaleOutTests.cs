using System.Collections.Concurrent;
using System.Diagnostics;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace TalentPlatform.EndToEnd.Tests;

/// <summary>Two instances of each service and of the gateway, as <c>./deploy/up --replicas 2</c> runs them.</summary>
public sealed class ScaledPlatform : TestPlatform
{
    protected override int Replicas => 2;

    /// <summary>A client of one service instance, calling it as a gateway does for an analyst of tenant test.</summary>
    public HttpClient AnalystOf(IInstance instance) =>
        new(Keys.Handler("analyst", "test", new SocketsHttpHandler())) { BaseAddress = instance.Address };
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScaleOutCollection : ICollectionFixture<ScaledPlatform>
{
    public const string Name = "scale-out";
}

/// <summary>
/// Two instances of each service and of the gateway, the second instance of each service in a process of its own
/// (started first, so it runs the service's daemon), for tests that kill it.
/// </summary>
public sealed class KillablePlatform : TestPlatform
{
    protected override int Replicas => 2;

    protected override bool SecondInstancesInProcesses => true;
}

/// <summary>Kills instances: on a platform of its own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScaleOutFaultCollection : ICollectionFixture<KillablePlatform>
{
    public const string Name = "scale-out faults";
}

internal static class Daemons
{
    /// <summary>
    /// The projections and subscriptions (Marten shards) a service has, each with the advisory lock its daemon holds on
    /// the service's database while it runs it: with HotCold, Marten 9 runs each shard on the one instance holding its
    /// lock (ProjectionLockIds.Compute of the event schema, the shard and DaemonLockId).
    /// </summary>
    public static (string Shard, int LockId)[] Shards(IServiceProvider services)
    {
        var options = Options(services);
        return options.Projections.AllShards()
            .Select(shard => (shard.Name.Identity, ProjectionLockIds.Compute(options.Events.DatabaseSchemaName, shard.Name, options.Projections.DaemonLockId)))
            .OrderBy(shard => shard.Identity, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>What each instance in this process runs now.</summary>
    public static IReadOnlyDictionary<string, string[]> Running(IEnumerable<TestPlatform.IInstance> instances) =>
        instances.Where(instance => instance.Services is not null).ToDictionary(
            instance => instance.Name,
            instance => instance.Services!.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase().CurrentAgents()
                .Where(agent => agent.Status == JasperFx.AgentStatus.Running)
                .Select(agent => agent.Name.Identity)
                .Order(StringComparer.Ordinal)
                .ToArray());

    /// <summary>
    /// The instances whose sessions hold the daemon's lock now, by the name each gives its sessions (an instance in
    /// this test process that gives none is the first).
    /// </summary>
    public static async Task<string[]> LockHoldersAsync(TestPlatform.IInstance any, string service, int lockId, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(any.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        // A bigint key k shows as classid = k >> 32, objid = k & 0xffffffff (an int lock id is widened to bigint).
        var key = (long)lockId;
        await using var command = new NpgsqlCommand(
            """
            select coalesce(nullif(a.application_name, ''), $3) from pg_locks l join pg_stat_activity a on a.pid = l.pid
            where l.locktype = 'advisory' and l.granted and l.objsubid = 1 and l.classid = $1 and l.objid = $2
              and l.database = (select oid from pg_database where datname = current_database())
            """,
            connection);
        command.Parameters.Add(new() { Value = (uint)((ulong)key >> 32), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Oid });
        command.Parameters.Add(new() { Value = (uint)((ulong)key & 0xffffffff), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Oid });
        command.Parameters.Add(new() { Value = $"{service}-1" });
        var holders = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            holders.Add(reader.GetString(0));
        }

        return [.. holders.Order(StringComparer.Ordinal)];
    }

    public static string Describe(IReadOnlyDictionary<string, string[]> running) =>
        string.Join("; ", running.Select(pair => $"{pair.Key}: [{string.Join(", ", pair.Value)}]"));

    private static StoreOptions Options(IServiceProvider services) => ((DocumentStore)services.GetRequiredService<IDocumentStore>()).Options;
}

[Collection(ScaleOutCollection.Name)]
public sealed class ScaleOutTests(ScaledPlatform platform, ITestOutputHelper output)
{
    [Fact]
    public async Task A_tenants_quota_holds_across_two_gateway_instances()
    {
        // The platform gives this tenant 1 request per second with bursts of 5, on every gateway instance.
        var tenant = TestPlatform.LimitedTenant;
        var key = await platform.IssueKeyAsync(tenant, "customer");
        var clients = platform.Gateways.Select(gateway => platform.Client(key.Key, gateway)).ToList();
        try
        {
            // The second instance knows the key once its directory caught up: a 401 spends no quota.
            var first = await Eventually.UntilAsync(
                async token =>
                {
                    using var response = await clients[1].GetAsync("/api/compensation/submissions", token);
                    return response.StatusCode;
                },
                status => status != HttpStatusCode.Unauthorized,
                TimeSpan.FromSeconds(5),
                "the second gateway instance to know the new key");

            var served = new int[clients.Count];
            served[1] += first == HttpStatusCode.OK ? 1 : 0;
            var refused = 0;
            HttpResponseMessage? rejected = null;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 40; i++)
            {
                var response = await clients[i % clients.Count].GetAsync("/api/compensation/submissions");
                switch (response.StatusCode)
                {
                    case HttpStatusCode.OK:
                        served[i % clients.Count]++;
                        break;
                    case HttpStatusCode.TooManyRequests:
                        refused++;
                        break;
                    default:
                        Assert.Fail($"Request {i} answered {response.StatusCode}.");
                        break;
                }

                if (response.StatusCode == HttpStatusCode.TooManyRequests && rejected is null)
                {
                    rejected = response;
                    continue;
                }

                response.Dispose();
            }

            var elapsed = clock.Elapsed;
            var total = served.Sum();
            // The shared bucket: the burst plus what refilled while the requests ran (1 per second, plus the
            // second started), with a lease of 1 permit per round trip at this quota: no tolerance beyond that.
            // Each instance on its own would have let through twice the burst.
            var bound = 5 + (int)Math.Ceiling(elapsed.TotalSeconds) + 1;
            output.WriteLine($"41 requests over {elapsed.TotalMilliseconds:0} ms alternating between 2 gateway instances: served {string.Join(" + ", served)} = {total} (bound {bound}), refused {refused}.");
            Assert.InRange(total, 5, bound);
            Assert.All(served, count => Assert.True(count > 0, "each instance served some"));
            Assert.NotNull(rejected);
            await rejected.AssertProblemAsync(HttpStatusCode.TooManyRequests);
            Assert.True(rejected.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {rejected.Headers.RetryAfter}");
            rejected.Dispose();
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
        }
    }

    [Fact]
    public async Task A_key_revoked_on_one_gateway_instance_is_refused_by_the_other_within_1_s()
    {
        var key = await platform.IssueKeyAsync(Api.UniqueSlug("revoked"), "customer");
        using var other = platform.Client(key.Key, platform.Gateways[1]);
        await Eventually.UntilAsync(
            async token =>
            {
                using var response = await other.GetAsync("/api/deals", token);
                return response.StatusCode;
            },
            status => status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(5),
            "the second gateway instance to accept the new key");

        using var admin = platform.Client(platform.AdminKey, platform.Gateways[0]);
        using (var revoked = await admin.PostAsync($"/api/admin/keys/{key.Id}/revoke", content: null))
        {
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        }

        var clock = Stopwatch.StartNew();
        await Eventually.UntilAsync(
            async token =>
            {
                using var response = await other.GetAsync("/api/deals", token);
                return response.StatusCode;
            },
            status => status == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(1),
            "the other gateway instance to refuse the revoked key");
        output.WriteLine($"Revoked on gateway 1, refused by gateway 2 after {clock.ElapsedMilliseconds} ms.");
    }

    [Fact]
    public async Task The_same_Idempotency_Key_sent_to_two_service_instances_at_once_has_one_effect()
    {
        var instances = platform.Instances["deals"];
        var clients = instances.Select(platform.AnalystOf).ToList();
        try
        {
            for (var round = 0; round < 10; round++)
            {
                var acquirer = Api.UniqueSlug("race");
                var idempotencyKey = Guid.NewGuid().ToString();
                var answers = await Task.WhenAll(clients.Select(async client =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/deals") { Content = JsonContent.Create(Api.Deal(acquirer, 1_000_000m)) };
                    request.Headers.Add("Idempotency-Key", idempotencyKey);
                    using var response = await client.SendAsync(request);
                    var body = await response.Content.ReadFromJsonAsync<JsonObject>();
                    return (response.StatusCode, Id: body?["id"]?.GetValue<string>(), Replayed: response.Headers.Contains("Idempotent-Replayed"));
                }));

                Assert.All(answers, answer => Assert.Equal(HttpStatusCode.Created, answer.StatusCode));
                Assert.Single(answers.Select(answer => answer.Id).Distinct());

                // One deal exists, on whichever instance it is read.
                foreach (var client in clients)
                {
                    var deals = await client.GetFromJsonAsync<JsonObject>($"/api/deals?organization={acquirer}");
                    Assert.Single(deals!["items"]!.AsArray());
                }
            }
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
        }
    }

    [Fact]
    public async Task Each_projection_and_subscription_runs_on_exactly_one_instance_the_one_holding_its_lock()
    {
        var daemons = platform.Instances
            .Select(pair => (Service: pair.Key, Instances: pair.Value, Shards: Daemons.Shards(pair.Value[0].Services!)))
            .Where(service => service.Shards.Length > 0)
            .ToList();
        Assert.Contains(daemons, service => service.Service == "deals");
        foreach (var (service, instances, shards) in daemons)
        {
            await Eventually.UntilAsync(
                _ => Task.FromResult(Daemons.Running(instances)),
                running => shards.All(shard => running.Values.Any(names => names.Contains(shard.Shard))),
                ScaleOutFaultTests.TakeoverBound,
                $"every shard of {service} to run");
        }

        // Sampled for a while: each shard always on exactly one instance, whose session alone holds the shard's lock.
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        for (var sample = 0; sample < 20; sample++)
        {
            foreach (var (service, instances, shards) in daemons)
            {
                var running = Daemons.Running(instances);
                foreach (var (shard, lockId) in shards)
                {
                    var runners = running.Where(pair => pair.Value.Contains(shard)).Select(pair => pair.Key).ToArray();
                    var holders = await Daemons.LockHoldersAsync(instances[0], service, lockId, CancellationToken.None);
                    var state = $"{service} {shard}: run by [{string.Join(", ", runners)}], lock {lockId} held by [{string.Join(", ", holders)}] ({Daemons.Describe(running)})";
                    if (sample == 0)
                    {
                        output.WriteLine(state);
                    }

                    Assert.True(runners.Length == 1, state);
                    Assert.True(holders.SequenceEqual(runners), state);
                }
            }

            await timer.WaitForNextTickAsync();
        }
    }
}

[Collection(ScaleOutFaultCollection.Name)]
public sealed class ScaleOutFaultTests(KillablePlatform platform, ITestOutputHelper output)
{
    /// <summary>
    /// How soon another instance runs a killed instance's projections and subscriptions: PostgreSQL frees the dead
    /// session's advisory lock as soon as its connection closes, and Marten's daemon on the survivor asks for the lock
    /// every <c>LeadershipPollingTime</c> (5 s by default) — so within about 5 s, bounded here at 15 s.
    /// </summary>
    public static readonly TimeSpan TakeoverBound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Killing_one_instance_of_each_service_under_load_fails_only_requests_in_flight_loses_no_event_and_applies_none_twice()
    {
        const int Commands = 60;
        const int Concurrency = 8;
        var acquirer = Api.UniqueSlug("load");
        var clients = platform.Gateways.Select(gateway => platform.Client(platform.AnalystKey, gateway)).ToList();
        using var customer = platform.Customer();
        try
        {
            // The instance killed is the one running its service's daemon: its work must move to the survivor.
            var daemons = new List<Daemon>();
            foreach (var (service, instances) in platform.Instances)
            {
                var survivor = instances.Single(instance => instance.Process is null);
                var killed = instances.Single(instance => instance.Process is not null);
                var shards = Daemons.Shards(survivor.Services!);
                foreach (var (shard, lockId) in shards)
                {
                    await Eventually.UntilAsync(
                        token => Daemons.LockHoldersAsync(survivor, service, lockId, token),
                        holders => holders.SequenceEqual([killed.Name]),
                        TakeoverBound,
                        $"{killed.Name} to hold the lock of {service}'s {shard}");
                }

                Assert.Empty(Daemons.Running([survivor])[survivor.Name]);
                daemons.Add(new Daemon(service, survivor, killed, shards));
            }

            var ids = new ConcurrentDictionary<int, string>();
            var failedAttempts = new ConcurrentBag<string>();
            var next = -1;
            Task<Dictionary<string, TimeSpan>>? killing = null;

            async Task Worker()
            {
                while (true)
                {
                    var i = Interlocked.Increment(ref next);
                    if (i >= Commands)
                    {
                        return;
                    }

                    if (i == Commands / 3)
                    {
                        killing = Task.Run(() => KillAndAwaitTakeoverAsync(daemons));
                    }

                    // A client that sees a failure sends the same command again with the same key, as the gateway's problem says.
                    var idempotencyKey = $"{acquirer}-{i}";
                    await Eventually.UntilAsync(
                        async token =>
                        {
                            try
                            {
                                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/deals") { Content = JsonContent.Create(Api.Deal(acquirer, 1_000_000m + i)) };
                                request.Headers.Add("Idempotency-Key", idempotencyKey);
                                using var response = await clients[i % clients.Count].SendAsync(request, token);
                                if (response.StatusCode == HttpStatusCode.Created)
                                {
                                    ids[i] = (await response.Content.ReadFromJsonAsync<JsonObject>(token))!["id"]!.GetValue<string>();
                                    return true;
                                }

                                failedAttempts.Add($"{i}: {(int)response.StatusCode}");
                                return false;
                            }
                            catch (HttpRequestException exception)
                            {
                                failedAttempts.Add($"{i}: {exception.Message}");
                                return false;
                            }
                        },
                        created => created,
                        TimeSpan.FromSeconds(60),
                        $"command {i} to be accepted");
                }
            }

            await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(Worker)));
            var takeover = await killing!;
            output.WriteLine($"{Commands} commands, {Concurrency} at a time through 2 gateway instances, one instance of each service killed (SIGKILL) after {Commands / 3}; failed attempts (each sent again with its key): {failedAttempts.Count} [{string.Join(", ", failedAttempts)}]");

            // Every command was accepted once, with a deal of its own.
            Assert.Equal(Commands, ids.Count);
            Assert.Equal(Commands, ids.Values.Distinct().Count());
            // Only what was under way when the instances died failed: at most one attempt per concurrent client. A
            // request the dead instance refused never reached it, and the gateway sent it to the other instance.
            Assert.True(failedAttempts.Count <= Concurrency, $"{failedAttempts.Count} failed attempts");

            // The survivors took over each killed instance's projections and subscriptions, within the bound.
            foreach (var (service, took) in takeover)
            {
                output.WriteLine($"{service}: the survivor ran its daemon {took.TotalSeconds:0.0} s after the kill");
                Assert.True(took <= TakeoverBound, $"{service} took over after {took.TotalSeconds:0.0} s");
            }

            // Every event reached Insights once: as many deals counted as were committed, no fewer and no more.
            var row = await Eventually.UntilAsync(
                token => Api.LeagueTableRowAsync(customer, acquirer, token),
                found => found?["dealCount"]?.GetValue<int>() >= Commands,
                TimeSpan.FromSeconds(60),
                $"all {Commands} deals in the league table");
            Assert.Equal(Commands, row!["dealCount"]!.GetValue<int>());
            Assert.Equal(Commands * 1_000_000m + Enumerable.Range(0, Commands).Sum(), row["totalValueUsd"]!.GetValue<decimal>());
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
        }
    }

    private sealed record Daemon(string Service, TestPlatform.IInstance Survivor, TestPlatform.IInstance Killed, (string Shard, int LockId)[] Shards);

    /// <summary>Kills the second instance of every service at once; then how long until each survivor runs all its shards and holds their locks.</summary>
    private static async Task<Dictionary<string, TimeSpan>> KillAndAwaitTakeoverAsync(List<Daemon> daemons)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(daemons.Select(daemon => daemon.Killed.StopAsync()));
        var takeover = new Dictionary<string, TimeSpan>();
        await Task.WhenAll(daemons.Where(daemon => daemon.Shards.Length > 0).Select(async daemon =>
        {
            var shards = daemon.Shards.Select(shard => shard.Shard).ToArray();
            await Eventually.UntilAsync(
                _ => Task.FromResult(Daemons.Running([daemon.Survivor])[daemon.Survivor.Name]),
                names => shards.All(names.Contains),
                TakeoverBound + TimeSpan.FromSeconds(10),
                $"{daemon.Survivor.Name} to run [{string.Join(", ", shards)}]");
            var took = clock.Elapsed;
            foreach (var (_, lockId) in daemon.Shards)
            {
                Assert.Equal([daemon.Survivor.Name], await Daemons.LockHoldersAsync(daemon.Survivor, daemon.Service, lockId, CancellationToken.None));
            }

            lock (takeover)
            {
                takeover[daemon.Service] = took;
            }
        }));
        return takeover;
    }
}
