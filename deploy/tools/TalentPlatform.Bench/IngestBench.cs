using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace TalentPlatform.Bench;

/// <summary>
/// <c>--ingest</c>: one import streamed through the gateway, timed from its first byte to its last row
/// being applied by the owning service, and to its last row being visible in Insights; with the owning
/// service's resident memory sampled meanwhile. The rows are deals (the kind imports take today), spread
/// over a hundred acquirers so that Insights can be asked about each.
/// </summary>
internal static class IngestBench
{
    private const int Acquirers = 100;

    public static async Task RunAsync(HttpClient client, string run, int rows, int? servicePid, TimeSpan budget)
    {
        Console.WriteLine($"Ingest: {rows:N0} deals as one NDJSON import (valid-rows) through the gateway, over {Acquirers} acquirers");
        var prefix = $"bench-ingest-{run}";
        using var rss = servicePid is { } pid ? new RssSampler(pid) : null;
        var before = rss?.Current;

        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/imports?kind=deals&mode=valid-rows")
        {
            Content = new DealRows(prefix, rows),
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
        var appliedRows = import["rowsApplied"]!.GetValue<long>();
        if (appliedRows != rows)
        {
            throw new InvalidOperationException($"The import applied {appliedRows} of {rows} rows: {import.ToJsonString()}");
        }

        // Visible once every acquirer's league-table row counts its deals; the last one is watched, then all are checked.
        var perAcquirer = new int[Acquirers];
        for (var n = 1; n <= rows; n++)
        {
            perAcquirer[n % Acquirers]++;
        }

        var last = rows % Acquirers;
        await UntilAsync(() => DealCountAsync(client, $"{prefix}-{last}"), count => count >= perAcquirer[last], clock, budget);
        for (var a = 0; a < Acquirers; a++)
        {
            var acquirer = a;
            await UntilAsync(() => DealCountAsync(client, $"{prefix}-{acquirer}"), count => count >= perAcquirer[acquirer], clock, budget);
        }

        var visible = clock.Elapsed;
        var highWater = rss is null ? (long?)null : await rss.StopAsync();

        Console.WriteLine($"  into Deals (upload start → last row applied)          {rows / applied.TotalSeconds,10:N0} rows/s   ({applied.TotalSeconds:N1} s; upload answered after {uploaded.TotalSeconds:N1} s)");
        Console.WriteLine($"  end to end (upload start → last row in Insights)      {rows / visible.TotalSeconds,10:N0} rows/s   ({visible.TotalSeconds:N1} s; target ≥ 10,000 rows/s)");
        Console.WriteLine($"  last row visible in Insights after the import ended   {(visible - applied).TotalSeconds,10:N1} s        (target ≤ 5 s)");
        Console.WriteLine(highWater is { } peak
            ? $"  Deals resident memory: {before / 1048576.0:N0} MiB before, {peak / 1048576.0:N0} MiB high-water during the import (target ≤ 512 MiB)"
            : "  Deals resident memory: not measured (its process id is unknown; ./deploy/bench finds it by the Deals port)");
        Console.WriteLine();
    }

    private static async Task<int> DealCountAsync(HttpClient client, string acquirer)
    {
        var table = await client.GetFromJsonAsync<JsonObject>($"/api/insights/deals/league-table?acquirer={acquirer}");
        var row = table!["items"]!.AsArray().FirstOrDefault(item => item!["acquirer"]!.GetValue<string>() == acquirer);
        return row?["dealCount"]?.GetValue<int>() ?? 0;
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

    /// <summary>Deals written as NDJSON while they are sent: row n goes to acquirer n mod 100.</summary>
    private sealed class DealRows : HttpContent
    {
        private readonly string _prefix;
        private readonly int _rows;

        public DealRows(string prefix, int rows)
        {
            (_prefix, _rows) = (prefix, rows);
            Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
            for (var n = 1; n <= _rows; n++)
            {
                await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                    $$$"""{"type":"acquisition","acquirer":"{{{_prefix}}}-{{{n % Acquirers}}}","target":"target-{{{n}}}","status":"announced","announcedOn":"2025-06-12","value":{"amount":{{{1_000_000 + n}}},"currency":"USD"}}"""));
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
