using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TalentPlatform.Seed;

/// <summary>
/// Sends records as one import (<c>POST /api/imports</c>): the rows are written as NDJSON while they are
/// made, so a million never sit in memory, and the import is followed until it is done. Its key makes a
/// second run find the first import instead of sending the rows again (the body waits for the server's
/// 100 Continue, which a replayed import never gives).
/// </summary>
public sealed class Importer(HttpClient gateway, Progress progress)
{
    /// <summary>Sends the rows as one import and follows it to its end: what it did, and its id (none when it was refused).</summary>
    public async Task<(LoadResult Result, string? ImportId)> ImportAsync(string kind, string key, IEnumerable<JsonNode> rows, long total, string description, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (total == 0)
        {
            // An upload without rows is a failed import: there is nothing to send.
            return (new LoadResult(0, 0, 0, [], clock.Elapsed), null);
        }

        var stage = progress.Start(description, total);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/imports?kind={kind}&mode=valid-rows")
        {
            Content = new NdjsonContent(rows, stage),
        };
        request.Headers.Add("Idempotency-Key", key);
        request.Headers.ExpectContinue = true;
        using var response = await gateway.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            stage.Done();
            var problem = await response.Content.ReadAsStringAsync(cancellationToken);
            return (new LoadResult(1, 0, 0, [new SeedFailure(key, "POST", request.RequestUri!.ToString(), (int)response.StatusCode, problem)], clock.Elapsed), null);
        }

        var replayed = response.Headers.Contains("Idempotent-Replayed");
        var import = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
        var id = import["id"]!.GetValue<string>();
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (import["state"]!.GetValue<string>() is "receiving" or "applying")
        {
            await poll.WaitForNextTickAsync(cancellationToken);
            import = (await gateway.GetFromJsonAsync<JsonObject>($"/api/imports/{id}", cancellationToken))!;
        }

        stage.Done();
        var applied = import["rowsApplied"]!.GetValue<int>();
        var failures = import["rejectedRows"]!["items"]!.AsArray()
            .Select(row => new SeedFailure($"{key} line {row!["line"]}", "POST", $"/api/imports/{id}", 400, $"{row["field"]}: {row["reason"]}"))
            .ToList();
        if (import["state"]!.GetValue<string>() == "failed")
        {
            failures.Add(new SeedFailure(key, "POST", $"/api/imports/{id}", 0, import["failure"]?.ToString() ?? "failed"));
        }

        return (new LoadResult(import["rowsRead"]!.GetValue<int>(), replayed ? 0 : applied, replayed ? applied : 0, failures, clock.Elapsed), id);
    }

    /// <summary>The record each applied row of an import wrote, by line, read page by page.</summary>
    public async Task<IReadOnlyList<(long Line, string Id)>> RecordsAsync(string importId, CancellationToken cancellationToken)
    {
        var records = new List<(long Line, string Id)>();
        for (var page = 1; ; page++)
        {
            var listed = (await gateway.GetFromJsonAsync<JsonObject>($"/api/imports/{importId}/records?pageSize=200&page={page}", cancellationToken))!;
            var items = listed["items"]!.AsArray();
            records.AddRange(items.Select(item => (item!["line"]!.GetValue<long>(), item["id"]!.GetValue<string>())));
            if (items.Count == 0 || records.Count >= listed["totalItems"]!.GetValue<long>())
            {
                return records;
            }
        }
    }

    /// <summary>Rows written as they are made, one JSON object per line, sent chunked.</summary>
    private sealed class NdjsonContent : HttpContent
    {
        private readonly IEnumerable<JsonNode> _rows;
        private readonly Progress.Stage _stage;

        public NdjsonContent(IEnumerable<JsonNode> rows, Progress.Stage stage)
        {
            (_rows, _stage) = (rows, stage);
            Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            // Not disposed: that would close the request stream before HttpClient ends the chunked body.
            var buffered = new BufferedStream(stream, 64 * 1024);
            await using var writer = new Utf8JsonWriter(buffered);
            var pending = 0;
            foreach (var row in _rows)
            {
                row.WriteTo(writer);
                await writer.FlushAsync();
                writer.Reset();
                buffered.WriteByte((byte)'\n');
                if (++pending == 500)
                {
                    _stage.Advance(pending);
                    pending = 0;
                }
            }

            _stage.Advance(pending);
            await buffered.FlushAsync();
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
