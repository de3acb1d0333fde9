using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using RabbitMQ.Client;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Bench;

/// <summary>What the scale bench needs: the market's size, and how to reach the platform.</summary>
internal sealed record ScaleOptions(
    Uri Gateway,
    Uri Insights,
    string CustomerKey,
    string AdminKey,
    ECDsaSecurityKey IdentityKey,
    string Postgres,
    string RabbitMq,
    int? InsightsPid,
    int Observations,
    int Deals,
    int Moves,
    int PayBacklog,
    int Requests,
    TimeSpan Budget,
    bool Answers = true,
    bool Rebuild = true);

/// <summary>
/// <c>--scale</c>, on a market seeded beforehand (./deploy/bench seeds it through the gateway): waits until Insights
/// holds all of it; drains a backlog of pay reports published straight onto Insights' exchange and prints the rate
/// Insights applies them at; then, for every Insights answer, p50 / p99 through the gateway and called directly on
/// Insights at concurrency 1 and 16, the throughput ratio, the body size and Insights' resident memory; then a rebuild
/// of every read model with its events per second. Every loop is bounded in count and time; loopback only.
/// </summary>
internal static class ScaleBench
{
    private const string Role = "ml-engineer";

    public static async Task<int> RunAsync(ScaleOptions options)
    {
        using var gateway = Client(options.Gateway, request => request.Headers.Add("X-Api-Key", options.CustomerKey));
        using var admin = Client(options.Gateway, request => request.Headers.Add("X-Api-Key", options.AdminKey));
        var tokens = new Tokens(options.IdentityKey);
        using var direct = Client(options.Insights, request => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Current));

        Console.WriteLine($"Scale: {options.Observations:N0} pay reports, {options.Deals:N0} deals, {options.Moves:N0} moves (seeded); {Environment.ProcessorCount} cores, " +
            $"load average {LoadAverage()} at start");
        var clock = Stopwatch.StartNew();
        var held = await UntilAsync(
            () => FiguresAsync(gateway),
            kinds => kinds.GetValueOrDefault("pay-report") >= options.Observations && kinds.GetValueOrDefault("deal-value") >= options.Deals && kinds.GetValueOrDefault("move") >= options.Moves,
            options.Budget);
        Console.WriteLine($"  Insights holds the market ({held.GetValueOrDefault("pay-report"):N0} pay reports, {held.GetValueOrDefault("deal-value"):N0} deal values, " +
            $"{held.GetValueOrDefault("move"):N0} moves) after waiting {clock.Elapsed.TotalSeconds:N0} s");
        Console.WriteLine();

        if (options.PayBacklog > 0)
        {
            await PayBacklogAsync(options);
        }

        if (options.Answers)
        {
            await AnswersAsync(options, gateway, direct);
        }

        if (options.Rebuild)
        {
            await RebuildAsync(admin, options.Budget);
        }

        Console.WriteLine($"Load average at the end: {LoadAverage()}");
        return 0;
    }

    private static async Task AnswersAsync(ScaleOptions options, HttpClient gateway, HttpClient direct)
    {
        var answers = await AnswersAsync(gateway);
        Console.WriteLine($"Answers ({options.Requests} requests per level, or 20 s): p50 / p99 in ms; throughput ratio = gateway ÷ direct requests/s at concurrency 16");
        Console.WriteLine($"  {"answer",-52} {"gateway c1",15} {"gateway c16",15} {"direct c1",15} {"direct c16",15} {"ratio",6} {"body",9}");
        using var rss = options.InsightsPid is { } pid ? new RssSampler(pid) : null;
        foreach (var (name, url) in answers)
        {
            var size = await BodySizeAsync(gateway, url);
            var viaGateway1 = await MeasureAsync(gateway, url, 1, options.Requests);
            var viaGateway16 = await MeasureAsync(gateway, url, 16, options.Requests);
            var direct1 = await MeasureAsync(direct, url, 1, options.Requests);
            var direct16 = await MeasureAsync(direct, url, 16, options.Requests);
            Console.WriteLine($"  {name,-52} {viaGateway1,15} {viaGateway16,15} {direct1,15} {direct16,15} {viaGateway16.PerSecond / direct16.PerSecond,6:0.00} {Bytes(size),9}");
        }

        var revalidated = await MeasureAsync(gateway, answers[0].Url, 16, options.Requests, await ETagAsync(gateway, answers[0].Url));
        Console.WriteLine($"  {answers[0].Name + " — If-None-Match (304)",-52} {"",15} {revalidated,15}");
        var peak = rss is null ? (long?)null : await rss.StopAsync();
        Console.WriteLine(peak is { } highest
            ? $"  Insights resident memory while serving: {highest / 1048576.0:N0} MiB high-water (target < 1,024 MiB)"
            : "  Insights resident memory: not measured (its process id is unknown; ./deploy/bench finds it by the Insights port)");
        Console.WriteLine("  Targets: p99 ≤ 20 ms through the gateway at concurrency 16 (asOf ≤ 100 ms); ratio ≥ 0.5; no body over 64 KB.");
        Console.WriteLine();
    }

    /// <summary>Every answer Insights gives, as a customer asks it of the seeded market.</summary>
    private static async Task<List<(string Name, string Url)>> AnswersAsync(HttpClient gateway)
    {
        var table = await gateway.GetFromJsonAsync<JsonObject>("/api/insights/deals/league-table?pageSize=1");
        var top = table!["items"]!.AsArray().FirstOrDefault()?["acquirer"]?.GetValue<string>() ?? "meta";
        var asOf = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var quarter = new DateOnly(2024, 4, 1);
        return
        [
            ("benchmarks role", $"/api/insights/compensation/benchmarks?role={Role}"),
            ("benchmarks role, country", $"/api/insights/compensation/benchmarks?role={Role}&country=US"),
            ("benchmarks role, country, level", $"/api/insights/compensation/benchmarks?role={Role}&country=US&level=senior"),
            ("benchmarks role, asOf", $"/api/insights/compensation/benchmarks?role={Role}&asOf={asOf}"),
            ("benchmark facts (first page of 200)", $"/api/insights/compensation/benchmarks/facts?role={Role}&country=US&pageSize=200"),
            ("league table (first page)", "/api/insights/deals/league-table"),
            ("league table, rollUp", "/api/insights/deals/league-table?rollUp=true"),
            ("league table, a year's range", "/api/insights/deals/league-table?from=2024-01-15&to=2025-01-14"),
            ("league table, asOf", $"/api/insights/deals/league-table?asOf={asOf}"),
            ("league table, one acquirer, asOf", $"/api/insights/deals/league-table?acquirer={top}&asOf={asOf}"),
            ("league facts (largest acquirer, 200)", $"/api/insights/deals/league-table/facts?acquirer={top}&pageSize=200"),
            ("talent flows", "/api/insights/talent-flows?organization=gen-42-org-0"),
            ("talent flows, rollUp, a year's range", "/api/insights/talent-flows?organization=gen-42-org-0&rollUp=true&from=2020-01-01&to=2020-12-31"),
            ("talent flow facts (200)", "/api/insights/talent-flows/facts?organization=gen-42-org-0&pageSize=200"),
            ("claims quality", "/api/insights/claims/quality"),
            ("claims quality facts (estimate, 200)", "/api/insights/claims/quality/facts?category=estimate&pageSize=200"),
            ("market heat, 260 weeks", "/api/insights/market-heat?weeks=260"),
            ("market heat facts (a week, 200)", $"/api/insights/market-heat/facts?week={quarter.Year}-W{System.Globalization.ISOWeek.GetWeekOfYear(quarter.ToDateTime(TimeOnly.MinValue)):D2}&pageSize=200"),
            ("talent vs compute (top 100)", "/api/insights/talent-vs-compute?top=100"),
        ];
    }

    /// <summary>
    /// Publishes a backlog of pay reports straight onto the exchange Insights' queue is bound to (as Compensation would,
    /// in MassTransit's envelope), as fast as the broker takes them, and times Insights from the first to the last
    /// report applied (counted in its live pay rows).
    /// </summary>
    private static async Task PayBacklogAsync(ScaleOptions options)
    {
        var role = $"bench-pay-{DateTime.UtcNow:yyyyMMddHHmmss}";
        Console.WriteLine($"Pay reports into Insights: a backlog of {options.PayBacklog:N0} published straight to talent.compensation.compensation-observed (role {role})");
        var factory = new ConnectionFactory { Uri = new Uri(options.RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await using var probe = await connection.CreateChannelAsync();
        await using var database = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(options.Postgres) { Database = "talent_insights" }.ConnectionString);
        await database.OpenAsync();

        // Sampled every quarter of a second: reports applied and reports waiting in Insights' queue.
        var samples = new List<(TimeSpan At, long Applied, uint Queued)>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var sampling = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token))
                {
                    var queued = (await probe.QueueDeclarePassiveAsync("insights-compensation-events")).MessageCount;
                    var applied = await RowsAsync(database, role);
                    lock (samples)
                    {
                        samples.Add((clock.Elapsed, applied, queued));
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Done.
            }
        });

        // Without publisher confirms: the point is to queue reports faster than Insights takes them.
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", Persistent = true };
        for (var i = 0; i < options.PayBacklog; i++)
        {
            await channel.BasicPublishAsync("talent.compensation.compensation-observed", "", false, properties, Encoding.UTF8.GetBytes(Envelope(role, i)));
        }

        var published = clock.Elapsed;
        await UntilAsync(
            () =>
            {
                lock (samples)
                {
                    return Task.FromResult(samples.LastOrDefault().Applied);
                }
            },
            rows => rows >= options.PayBacklog,
            options.Budget);
        await stop.CancelAsync();
        await sampling;
        var drained = clock.Elapsed;

        // While reports were waiting, Insights was the bottleneck: its rate then is what it can take.
        var backlog = samples.Where(sample => sample.Queued >= 1_000).ToList();
        var rate = backlog.Count >= 2 ? (backlog[^1].Applied - backlog[0].Applied) / (backlog[^1].At - backlog[0].At).TotalSeconds : double.NaN;
        Console.WriteLine($"  published in {published.TotalSeconds:N1} s ({options.PayBacklog / published.TotalSeconds:N0}/s, at most {samples.Max(sample => sample.Queued):N0} waiting); " +
            $"all applied by Insights after {drained.TotalSeconds:N1} s ({options.PayBacklog / drained.TotalSeconds:N0}/s first published → last applied)");
        Console.WriteLine($"  Insights applies {rate:N0} pay reports/s while reports wait in its queue ({(backlog.Count >= 2 ? (backlog[^1].At - backlog[0].At).TotalSeconds : 0):N1} s of backlog; target ≥ 10,000/s)");
        Console.WriteLine();
    }

    private static string Envelope(string role, int i) => string.Create(CultureInfo.InvariantCulture, $$$"""
        {"messageId":"{{{Guid.NewGuid()}}}","messageType":["urn:message:TalentPlatform.Compensation.Contracts:CompensationObserved"],"message":{"observationId":"{{{Guid.NewGuid()}}}","role":"{{{role}}}","level":"{{{(i % 2 == 0 ? "senior" : "mid")}}}","country":"US","currency":"USD","period":"annual","kind":"point","components":{"base":{"amount":{{{100_000 + (i % 90_000)}}}}},"observedOn":"2025-06-01","source":{"publisher":"bench","publishedOn":"2025-06-01","attribution":"estimate","claimStatus":"reported"},"recordedAt":"2025-06-02T00:00:00+00:00"}}
        """);

    private static async Task<long> RowsAsync(NpgsqlConnection database, string role)
    {
        await using var schema = new NpgsqlCommand("select schema_name from insights_generations where state = 'live'", database);
        var live = (string)(await schema.ExecuteScalarAsync())!;
        await using var count = new NpgsqlCommand($"select count(*) from {live}.pay_rows where role = $1", database) { Parameters = { new() { Value = role } } };
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>Rebuilds every read model beside the live ones and prints how fast.</summary>
    private static async Task RebuildAsync(HttpClient admin, TimeSpan budget)
    {
        Console.WriteLine("Rebuild of every read model (POST /api/insights/admin/rebuilds), beside the live ones");
        using var started = await admin.PostAsJsonAsync("/api/insights/admin/rebuilds", new { reason = "bench" });
        if (started.StatusCode != HttpStatusCode.Accepted)
        {
            Console.WriteLine($"  refused: {(int)started.StatusCode} {await started.Content.ReadAsStringAsync()}");
            return;
        }

        var status = await UntilAsync(
            async () => (await admin.GetFromJsonAsync<JsonObject>(started.Headers.Location!))!,
            found => found["state"]!.GetValue<string>() is "live" or "failed",
            budget);
        var seconds = (DateTimeOffset.Parse(status["finishedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture) - DateTimeOffset.Parse(status["requestedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture)).TotalSeconds;
        Console.WriteLine($"  {status["state"]}: {status["eventsDone"]!.GetValue<long>():N0} events in {seconds:N1} s, {status["eventsPerSecond"]?.GetValue<double>() ?? 0:N0} events/s (target ≥ 20,000/s)");
        Console.WriteLine();
    }

    private static async Task<Dictionary<string, int>> FiguresAsync(HttpClient gateway)
    {
        var quality = await gateway.GetFromJsonAsync<JsonObject>("/api/insights/claims/quality");
        return quality!["byKind"]!.AsObject().ToDictionary(pair => pair.Key, pair => pair.Value!.GetValue<int>());
    }

    private static async Task<long> BodySizeAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync()).LongLength;
    }

    private static async Task<string> ETagAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        return response.Headers.ETag?.ToString() ?? "";
    }

    /// <summary>Up to <paramref name="count"/> requests (or 20 s) from <paramref name="concurrency"/> callers.</summary>
    private static async Task<Latencies> MeasureAsync(HttpClient client, string url, int concurrency, int count, string? ifNoneMatch = null)
    {
        var issued = 0;
        var errors = 0;
        var latencies = new List<double>(count);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var mine = new List<double>();
            while (Interlocked.Increment(ref issued) <= count && clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                var started = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                if (ifNoneMatch is not null)
                {
                    request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
                }

                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotModified)
                {
                    Interlocked.Increment(ref errors);
                    continue;
                }

                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            lock (latencies)
            {
                latencies.AddRange(mine);
            }
        })));
        return Latencies.Of(latencies, errors, clock.Elapsed);
    }

    private static async Task<T> UntilAsync<T>(Func<Task<T>> observe, Func<T, bool> holds, TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        var value = await observe();
        while (!holds(value))
        {
            if (clock.Elapsed > budget)
            {
                throw new TimeoutException($"The scale bench gave up after {budget.TotalSeconds:N0} s; last saw {value}.");
            }

            await timer.WaitForNextTickAsync();
            value = await observe();
        }

        return value;
    }

    private static HttpClient Client(Uri address, Action<HttpRequestMessage> sign) =>
        new(new SigningHandler(sign) { InnerHandler = new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(5) } })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(60),
        };

    private static string Bytes(long size) => size >= 1024 ? $"{size / 1024.0:N1} KB" : $"{size} B";

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private sealed class SigningHandler(Action<HttpRequestMessage> sign) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            sign(request);
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>The identity the gateway would forward for a customer, minted again before it expires (for calls straight to Insights).</summary>
    private sealed class Tokens(ECDsaSecurityKey key)
    {
        private (string Token, DateTimeOffset Until) _current;

        public string Current
        {
            get
            {
                var now = DateTimeOffset.UtcNow;
                if (_current.Until < now)
                {
                    _current = (GatewayIdentity.Issue(key, "bench", "customer", "bench", now), now.AddMinutes(1));
                }

                return _current.Token;
            }
        }
    }

    private sealed record Latencies(int Count, double P50, double P99, int Errors, double PerSecond)
    {
        public static Latencies Of(List<double> latencies, int errors, TimeSpan elapsed)
        {
            latencies.Sort();
            double At(double p) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
            return new Latencies(latencies.Count, At(0.50), At(0.99), errors, latencies.Count / elapsed.TotalSeconds);
        }

        public override string ToString() => Errors > 0 ? $"{P50,5:0.0} / {P99,5:0.0} E{Errors}" : $"{P50,6:0.0} / {P99,6:0.0}";
    }
}
