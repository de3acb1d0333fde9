using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Xunit;

namespace TalentPlatform.Testing;

/// <summary>Imports as clients use them: an upload, its answer, and the import followed to its end.</summary>
public static class ImportApi
{
    public const string Ndjson = "application/x-ndjson";
    public const string Csv = "text/csv";

    /// <summary>Posts <paramref name="body"/> as an import of <paramref name="kind"/>.</summary>
    public static Task<HttpResponseMessage> ImportAsync(
        this HttpClient client, string kind, string contentType, string body, string? mode = null, string? key = null) =>
        client.ImportAsync(kind, contentType, new StringContent(body, Encoding.UTF8), mode, key);

    public static Task<HttpResponseMessage> ImportAsync(
        this HttpClient client, string kind, string contentType, HttpContent content, string? mode = null, string? key = null)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/imports?kind={kind}{(mode is null ? "" : $"&mode={mode}")}") { Content = content };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        // A streamed or generated body waits for the server's 100 Continue, which comes once the import exists and
        // its upload is being read: the test then knows the import is there, and a body over the limit is refused
        // before it is written into a connection the server closes.
        request.Headers.ExpectContinue = content is not StringContent;

        return client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>The 202 an upload is answered with: the import as its body, at its Location.</summary>
    public static async Task<JsonObject> AcceptedImportAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {body}");
        var import = JsonNode.Parse(body)!.AsObject();
        Assert.Equal($"/api/imports/{import["id"]}", response.Headers.Location?.ToString());
        return import;
    }

    public static async Task<JsonObject> GetImportAsync(this HttpClient client, string id, string query = "")
    {
        using var response = await client.GetAsync($"/api/imports/{id}{query}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200 for import {id}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>The import once it has completed or failed.</summary>
    public static Task<JsonObject> FinishedImportAsync(this HttpClient client, string id, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(
            async _ => await client.GetImportAsync(id),
            import => State(import) is "completed" or "failed",
            timeout ?? TimeSpan.FromSeconds(60),
            $"import {id} to finish");

    public static string State(JsonObject import) => import["state"]!.GetValue<string>();

    public static long Count(JsonObject import, string field) => import[field]!.GetValue<long>();

    /// <summary>The rejected rows of the answer's first page, as (line, field).</summary>
    public static IReadOnlyList<(long Line, string Field)> Rejected(JsonObject import) =>
        [.. import["rejectedRows"]!["items"]!.AsArray().Select(row => (row!["line"]!.GetValue<long>(), row["field"]!.GetValue<string>()))];
}

/// <summary>
/// A request body the test writes as it goes, sent chunked (no Content-Length): it can pause, finish, or
/// break off mid-stream, as a slow or failing client would.
/// </summary>
public sealed class UploadStream : HttpContent
{
    private readonly Channel<byte[]?> _parts = Channel.CreateUnbounded<byte[]?>();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the body starts to be sent: after the server's 100 Continue, once it reads the upload.</summary>
    public Task Started => _started.Task;

    public void Write(string text) => _parts.Writer.TryWrite(Encoding.UTF8.GetBytes(text));

    public void Complete() => _parts.Writer.TryComplete();

    /// <summary>The connection is dropped before the body's end.</summary>
    public void BreakOff() => _parts.Writer.TryWrite(null);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        _started.TrySetResult();
        await foreach (var part in _parts.Reader.ReadAllAsync())
        {
            if (part is null)
            {
                throw new IOException("The test broke the upload off.");
            }

            await stream.WriteAsync(part);
            await stream.FlushAsync();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
