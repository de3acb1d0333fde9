using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace TalentPlatform.Bench;

/// <summary>
/// <c>--ingest</c>: one import of market pay reports streamed through the gateway, timed from its first byte
/// to its last row applied by Compensation, and to its last rows being visible in Insights' benchmarks; with
/// Compensation's resident memory sampled meanwhile. The rows spread over a hundred roles; the last few
/// carry a role of their own, which Insights is asked about until it counts them all, and then every role
/// is checked.
/// <para>
/// The rows are laid out so that the pay-privacy rules (a cell is published at k rows from at least three
/// contributors, none above half, and changes only by such sets of rows) publish a known number of them: row n goes
/// to cell n mod 3,000 (a role, a level and a country), and the j-th row of a cell comes from publisher j mod 7, so
/// any five rows of a cell in a row come from five publishers. A cell of c rows then publishes c − c mod 5 of them,
/// which is what the bench waits for; the tail is five rows of one cell from five publishers.
/// </para>
/// </summary>
internal static class IngestBench
{
    private const int Roles = 100;
    private const int Tail = 5;

    public static async Task RunAsync(HttpClient client, string run, int rows, int? servicePid, TimeSpan budget)
    {
        Console.WriteLine($"Ingest: {rows:N0} pay reports as one NDJSON import (kind=pay-reports, valid-rows) through the gateway, over {Roles} roles");
        var prefix = $"bench-ingest-{run}";

        // A small import first, untimed: the figures are those of services that have run an import before
        // (compiled to their optimised tier), not of the first minutes after a start.
        using (var warmUp = new HttpRequestMessage(HttpMethod.Post, "/api/imports?kind=pay-reports&mode=valid-rows") { Content = new PayRows($"{prefix}-warm-up", 5_000) })
        using (var warmed = await client.SendAsync(warmUp))
        {
            warmed.EnsureSuccessStatusCode();
        }

        using var rss = servicePid is { } pid ? new RssSampler(pid) : null;
        var before = rss?.Current;

        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports?kind=pay-reports&mode=valid-rows")
        {
            Content = new PayRows(prefix, rows),
        };
        request.Headers.Add("Idempotency-Key", prefix);
        using var response = await client.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"The import answered {(int)response.StatusCode}: {answer}");
        }

        var uploaded = clock.Elapsed;
        var id = JsonNode.Parse(answer)!["id"]!.GetValue<string>();
        var import = await UntilAsync(
            async () => (await client.GetFromJsonAsync<JsonObject>($"/api/imports/{id}"))!,
            found => found["state"]!.GetValue<string>() is "completed" or "failed",
            clock,
            budget);
        var applied = clock.Elapsed;
        var highWater = rss is null ? (long?)null : await rss.StopAsync();
        var appliedRows = import["rowsApplied"]!.GetValue<long>();
        if (appliedRows != rows)
        {
            throw new InvalidOperationException($"The import applied {appliedRows} of {rows} rows: {import.ToJsonString()}");
        }

        await UntilAsync(() => CountAsync(client, $"{prefix}-tail"), count => count >= Tail, clock, budget);
        var visible = clock.Elapsed;

        // Then every role, outside the timing above: the rows before the tail are all there too.
        var counted = 0L;
        for (var r = 0; r < Roles; r++)
        {
            var role = r;
            var expected = PayRows.PublishedRows(rows, role);
            counted += await UntilAsync(() => CountAsync(client, $"{prefix}-{role}"), count => count >= expected, clock, budget);
        }

        var verified = clock.Elapsed;

        Console.WriteLine($"  into Compensation (upload start → last row applied)        {rows / applied.TotalSeconds,10:N0} rows/s   ({applied.TotalSeconds:N1} s; upload answered after {uploaded.TotalSeconds:N1} s)");
        Console.WriteLine($"  end to end (upload start → last rows in Insights)          {rows / visible.TotalSeconds,10:N0} rows/s   ({visible.TotalSeconds:N1} s; target ≥ 10,000 rows/s)");
        Console.WriteLine($"  last rows visible in Insights after the import ended       {(visible - applied).TotalSeconds,10:N1} s        (target ≤ 5 s)");
        Console.WriteLine($"  every role checked in Insights' benchmarks: {counted + Tail:N0} rows, all there {verified.TotalSeconds:N1} s after the upload started");
        Console.WriteLine(highWater is { } peak
            ? $"  Compensation resident memory: {before / 1048576.0:N0} MiB before, {peak / 1048576.0:N0} MiB high-water during the import (target ≤ 512 MiB)"
            : "  Compensation resident memory: not measured (its process id is unknown; ./deploy/bench finds it by the Compensation port)");
        Console.WriteLine();
    }

    /// <summary>How many pay rows Insights' benchmarks count for a role (0 while the cell is suppressed).</summary>
    private static async Task<int> CountAsync(HttpClient client, string role)
    {
        var benchmarks = await client.GetFromJsonAsync<JsonObject>($"/api/insights/compensation/benchmarks?role={role}");
        return benchmarks?["total"]?["n"]?.GetValue<int>() ?? 0;
    }

    private static async Task<T> UntilAsync<T>(Func<Task<T>> observe, Func<T, bool> holds, Stopwatch clock, TimeSpan budget)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        var value = await observe();
        while (!holds(value))
        {
            if (clock.Elapsed > budget)
            {
                throw new TimeoutException($"The ingest bench gave up after {budget.TotalSeconds:N0} s; last saw {value}.");
            }

            await timer.WaitForNextTickAsync();
            value = await observe();
        }

        return value;
    }

    /// <summary>
    /// Pay reports written as NDJSON while they are sent, laid out as the class comment says; amounts spread
    /// around a level's median, as a survey would give them.
    /// </summary>
    private sealed class PayRows : HttpContent
    {
        private const int Publishers = 7;
        private const int Published = 5;
        private static readonly string[] Levels = ["junior", "mid", "senior", "staff", "principal"];
        private static readonly string[] Countries = ["US", "GB", "DE", "FR", "CA", "IN"];
        private static readonly string[] Currencies = ["USD", "GBP", "EUR", "EUR", "CAD", "INR"];
        private static readonly int Cells = Roles * Levels.Length * Countries.Length;
        private readonly string _prefix;
        private readonly int _rows;

        public PayRows(string prefix, int rows)
        {
            (_prefix, _rows) = (prefix, rows);
            Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        }

        /// <summary>The rows Insights' benchmarks count for a role once every row before the tail is in.</summary>
        public static long PublishedRows(int rows, int role)
        {
            var published = 0L;
            for (var cell = role; cell < Cells; cell += Roles)
            {
                // Rows 1 … rows − Tail with n mod Cells == cell.
                var count = cell == 0 ? (rows - Tail) / Cells : (rows - Tail - cell) / Cells + (rows - Tail >= cell ? 1 : 0);
                published += count - (count % Published);
            }

            return published;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
            var random = new Random(42);
            for (var n = 1; n <= _rows; n++)
            {
                var tail = n > _rows - Tail;
                var cell = n % Cells;
                var role = tail ? $"{_prefix}-tail" : $"{_prefix}-{cell % Roles}";
                var level = tail ? 0 : cell / Roles % Levels.Length;
                var place = tail ? 0 : cell / (Roles * Levels.Length);
                var publisher = tail ? _rows - n : n / Cells % Publishers;
                var amount = Math.Round(800 + (random.NextDouble() * 2_200)) * 100;
                await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                    $$$"""{"role":"{{{role}}}","level":"{{{Levels[level]}}}","location":{"country":"{{{Countries[place]}}}"},"currency":"{{{Currencies[place]}}}","period":"annual","kind":"point","components":{"base":{"amount":{{{amount}}} },"bonus":{"amount":{{{Math.Round(amount / 1000) * 100}}} } },"observedOn":"2025-06-01","source":{"publisher":"Bench survey {{{publisher}}}","publishedOn":"2025-06-10","attribution":"estimate","status":"reported"} }"""));
                await writer.WriteAsync('\n');
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
