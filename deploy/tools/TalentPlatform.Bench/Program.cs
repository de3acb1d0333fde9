using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Npgsql;

namespace TalentPlatform.Bench;

/// <summary>
/// Measures a running platform (./deploy/up) and prints figures: with --ingest, one import's rows per
/// second into its service and end to end into Insights, and the service's memory high-water; then
/// commands/s through the gateway at several concurrencies, the latency from POST to the deal being
/// visible in Insights, and PostgreSQL's raw single-row insert rate (pgbench) at the same concurrencies.
/// Every loop is bounded in count and in time. Targets only the loopback gateway it is given.
/// </summary>
public static partial class Program
{

    public static async Task<int> Main(string[] args)
    {
        var gateway = new Uri(Required("TALENT_GATEWAY_URL"));
        var analystKey = Required("TALENT_ANALYST_KEY");
        var postgres = Required("TALENT_POSTGRES");
        var commandsPerLevel = IntOption(args, "--commands", 2000);
        var seconds = IntOption(args, "--seconds", 15);
        var latencySamples = IntOption(args, "--latency-samples", 500);
        var ingestRows = args.Contains("--ingest") ? IntOption(args, "--rows", 100_000) : 0;
        var concurrencies = StringOption(args, "--concurrency", "1,16,64").Split(',').Select(level => int.Parse(level, CultureInfo.InvariantCulture)).ToArray();
        if (!gateway.IsLoopback)
        {
            Console.Error.WriteLine($"Refusing to load {gateway}: the bench only targets loopback addresses.");
            return 2;
        }

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = gateway,
            Timeout = TimeSpan.FromSeconds(30),
        };
        client.DefaultRequestHeaders.Add("X-Api-Key", analystKey);
        var run = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

        Console.WriteLine($"TalentPlatform bench — gateway {gateway}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:u}");
        Console.WriteLine();

        if (args.Contains("--scale"))
        {
            return await ScaleBench.RunAsync(new ScaleOptions(
                gateway,
                new Uri(Required("TALENT_INSIGHTS_URL")),
                Required("TALENT_CUSTOMER_KEY"),
                Required("TALENT_ADMIN_KEY"),
                TalentPlatform.ServiceDefaults.Security.PlatformKeys.Named(TalentPlatform.ServiceDefaults.Security.PlatformKeys.ReadPrivate(
                    File.ReadAllText(Required("TALENT_IDENTITY_KEY_FILE")), "TALENT_IDENTITY_KEY_FILE (the gateway's private key)")),
                postgres,
                Required("TALENT_RABBITMQ"),
                int.TryParse(Environment.GetEnvironmentVariable("TALENT_INSIGHTS_PID"), CultureInfo.InvariantCulture, out var insightsPid) ? insightsPid : null,
                IntOption(args, "--observations", 1_000_000),
                IntOption(args, "--deals", 100_000),
                IntOption(args, "--moves", 100_000),
                IntOption(args, "--pay-backlog", 0),
                IntOption(args, "--requests", 500),
                TimeSpan.FromMinutes(IntOption(args, "--budget-minutes", 120)),
                !args.Contains("--no-answers"),
                !args.Contains("--no-rebuild")));
        }

        if (args.Contains("--throughput"))
        {
            // One line per platform shape (./deploy/bench --replicas): commands/s, then point reads/s of what they created.
            var concurrency = concurrencies[0];
            var label = Environment.GetEnvironmentVariable("TALENT_BENCH_LABEL") ?? gateway.ToString();
            var commands = await MeasureCommandsAsync(client, $"bench-scale-{run}", concurrency, commandsPerLevel, TimeSpan.FromSeconds(seconds));
            var reads = await MeasureReadsAsync(client, $"bench-scale-{run}", concurrency, TimeSpan.FromSeconds(seconds));
            Console.WriteLine(
                $"  {label,-26} {concurrency,11}   {commands.PerSecond,10:0}   {commands.P50,6:0.0}   {commands.P99,6:0.0}   {commands.Errors,6}   {reads.PerSecond,7:0}   {reads.P50,6:0.0}   {reads.P99,6:0.0}   {reads.Errors,6}");
            return 0;
        }

        if (ingestRows > 0)
        {
            var pid = int.TryParse(Environment.GetEnvironmentVariable("TALENT_IMPORT_PID"), CultureInfo.InvariantCulture, out var found) ? found : (int?)null;
            // An upload is answered after its last row is read: it may take far longer than one command.
            using var uploader = new HttpClient { BaseAddress = gateway, Timeout = Timeout.InfiniteTimeSpan };
            uploader.DefaultRequestHeaders.Add("X-Api-Key", analystKey);
            await IngestBench.RunAsync(uploader, run, ingestRows, pid, TimeSpan.FromMinutes(30));
        }

        Console.WriteLine($"POST /api/deals → visible in GET /api/insights/deals/league-table?acquirer= ({latencySamples} deals, one at a time)");
        var latency = await MeasureLatencyAsync(client, $"bench-latency-{run}", latencySamples, TimeSpan.FromSeconds(Math.Max(seconds * 8, 120)));
        Console.WriteLine($"  p50 {latency.P50:0.0} ms   p90 {latency.P90:0.0} ms   p99 {latency.P99:0.0} ms   max {latency.Max:0.0} ms   (n = {latency.Count}, target p50 ≤ 50 ms, p99 ≤ 250 ms)");
        Console.WriteLine();

        Console.WriteLine($"Commands through the gateway (POST /api/deals; up to {commandsPerLevel} per level or {seconds} s) beside pgbench single-row inserts ({seconds} s)");
        Console.WriteLine("  concurrency   commands/s   p50 ms   p99 ms   errors   pgbench inserts/s   ratio");
        foreach (var concurrency in concurrencies)
        {
            var commands = await MeasureCommandsAsync(client, $"bench-load-{run}-c{concurrency}", concurrency, commandsPerLevel, TimeSpan.FromSeconds(seconds));
            var raw = await PgbenchInsertsPerSecondAsync(postgres, concurrency, seconds);
            var ratio = raw > 0 ? commands.PerSecond / raw : double.NaN;
            Console.WriteLine(
                $"  {concurrency,11}   {commands.PerSecond,10:0}   {commands.P50,6:0.0}   {commands.P99,6:0.0}   {commands.Errors,6}   {raw,17:0}   {ratio,5:0.00}");
        }

        Console.WriteLine();
        Console.WriteLine("Target: commands/s at concurrency 16 ≥ 0.1 × pgbench inserts/s at 16.");
        return 0;
    }

    private static async Task<Summary> MeasureLatencyAsync(HttpClient client, string acquirer, int samples, TimeSpan budget)
    {
        var latencies = new List<double>(samples);
        var deadline = Stopwatch.StartNew();
        for (var i = 1; i <= samples && deadline.Elapsed < budget; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using (var response = await client.PostAsJsonAsync("/api/deals", Deal(acquirer, i)))
            {
                response.EnsureSuccessStatusCode();
            }

            // Visible once the league table counts this deal; asked again as soon as an answer comes back.
            while (await DealCountAsync(client, acquirer) < i)
            {
                if (deadline.Elapsed > budget)
                {
                    throw new TimeoutException($"Deal {i} of {acquirer} did not reach Insights within the bench's {budget.TotalSeconds} s.");
                }
            }

            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return Summary.Of(latencies, 0, deadline.Elapsed);
    }

    private static async Task<int> DealCountAsync(HttpClient client, string acquirer)
    {
        var table = await client.GetFromJsonAsync<JsonObject>($"/api/insights/deals/league-table?acquirer={acquirer}");
        var row = table!["items"]!.AsArray().FirstOrDefault(item => item!["acquirer"]!.GetValue<string>() == acquirer);
        return row?["dealCount"]?.GetValue<int>() ?? 0;
    }

    private static async Task<Summary> MeasureCommandsAsync(HttpClient client, string acquirer, int concurrency, int commands, TimeSpan budget)
    {
        var issued = 0;
        var errors = 0;
        var latencies = new List<double>(commands);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var mine = new List<double>();
            while (clock.Elapsed < budget)
            {
                var n = Interlocked.Increment(ref issued);
                if (n > commands)
                {
                    break;
                }

                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.PostAsJsonAsync("/api/deals", Deal(acquirer, n));
                    if (response.StatusCode != HttpStatusCode.Created)
                    {
                        Interlocked.Increment(ref errors);
                        continue;
                    }
                }
                catch (HttpRequestException)
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
        })).ToArray();
        await Task.WhenAll(workers);
        return Summary.Of(latencies, errors, clock.Elapsed);
    }

    /// <summary>
    /// GET /api/deals/{id} of deals <paramref name="acquirer"/> has (the first page), round-robin, by
    /// <paramref name="concurrency"/> readers for <paramref name="budget"/>.
    /// </summary>
    private static async Task<Summary> MeasureReadsAsync(HttpClient client, string acquirer, int concurrency, TimeSpan budget)
    {
        var page = await client.GetFromJsonAsync<JsonObject>($"/api/deals?organization={acquirer}&pageSize=200");
        var ids = page!["items"]!.AsArray().Select(item => item!["id"]!.GetValue<string>()).ToArray();
        if (ids.Length == 0)
        {
            throw new InvalidOperationException($"No deals of {acquirer} to read.");
        }

        var issued = 0;
        var errors = 0;
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var mine = new List<double>();
            while (clock.Elapsed < budget)
            {
                var n = Interlocked.Increment(ref issued);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.GetAsync($"/api/deals/{ids[n % ids.Length]}");
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref errors);
                        continue;
                    }
                }
                catch (HttpRequestException)
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
        return Summary.Of(latencies, errors, clock.Elapsed);
    }

    /// <summary>pgbench, single-row inserts into a scratch table of a scratch database, at the given concurrency.</summary>
    private static async Task<double> PgbenchInsertsPerSecondAsync(string connectionString, int concurrency, int seconds)
    {
        var server = new NpgsqlConnectionStringBuilder(connectionString);
        const string database = "talent_bench";
        await using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync();
            await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", admin) { Parameters = { new() { Value = database } } };
            if (await exists.ExecuteScalarAsync() is null)
            {
                await using var create = new NpgsqlCommand($"create database {database}", admin);
                await create.ExecuteNonQueryAsync();
            }
        }

        var scratch = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = database };
        await using (var connection = new NpgsqlConnection(scratch.ConnectionString))
        {
            await connection.OpenAsync();
            await using var table = new NpgsqlCommand(
                "drop table if exists bench_insert; create table bench_insert (id bigserial primary key, payload jsonb not null, at timestamptz not null default now())",
                connection);
            await table.ExecuteNonQueryAsync();
        }

        var script = Path.GetTempFileName();
        await File.WriteAllTextAsync(script, "insert into bench_insert (payload) values ('{\"type\":\"minority-stake\",\"acquirer\":\"meta\"}');\n");
        try
        {
            var start = new ProcessStartInfo("pgbench")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[] { "-n", "-c", concurrency.ToString(CultureInfo.InvariantCulture), "-j", Math.Min(concurrency, Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture), "-T", seconds.ToString(CultureInfo.InvariantCulture), "-f", script, database })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["PGHOST"] = server.Host;
            start.Environment["PGPORT"] = server.Port.ToString(CultureInfo.InvariantCulture);
            start.Environment["PGUSER"] = server.Username;
            start.Environment["PGPASSWORD"] = server.Password;
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var tps = Tps().Match(output);
            if (process.ExitCode != 0 || !tps.Success)
            {
                Console.Error.WriteLine($"pgbench failed ({process.ExitCode}): {errors}");
                return double.NaN;
            }

            return double.Parse(tps.Groups["tps"].Value, CultureInfo.InvariantCulture);
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static object Deal(string acquirer, int n) => new
    {
        type = "acquisition",
        acquirer,
        target = $"target-{n}",
        value = new { amount = 1_000_000m + n, currency = "USD" },
        announcedOn = "2025-06-12",
        status = "announced",
    };

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set; run ./deploy/bench, which reads .local/credentials.env.");

    private static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    private static string StringOption(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    [GeneratedRegex(@"tps = (?<tps>[0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();

    private sealed record Summary(int Count, double P50, double P90, double P99, double Max, int Errors, double PerSecond)
    {
        public static Summary Of(List<double> latencies, int errors, TimeSpan elapsed)
        {
            latencies.Sort();
            double At(double quantile) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(quantile * latencies.Count) - 1)];
            return new Summary(latencies.Count, At(0.50), At(0.90), At(0.99), latencies.Count == 0 ? double.NaN : latencies[^1], errors, latencies.Count / elapsed.TotalSeconds);
        }
    }
}
