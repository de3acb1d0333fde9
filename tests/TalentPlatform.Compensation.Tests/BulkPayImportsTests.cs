using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using CompensationProgram = TalentPlatform.Compensation.Program;

namespace TalentPlatform.Compensation.Tests;

/// <summary>
/// Compensation on a real socket with an upload limit and the default chunk of 1,000 rows: at 16 MiB a
/// 100,000-row import fits (as CSV) and an upload can break off between chunks.
/// </summary>
public abstract class PayImportsHost(int maxBodyBytes) : IAsyncLifetime
{
    public int MaxBodyBytes => maxBodyBytes;

    public ServiceHost<CompensationProgram> Host { get; private set; } = null!;

    public TestServers Servers { get; private set; } = null!;

    public string EntityPrefix { get; } = $"test-{Guid.NewGuid():N}.";

    public async Task InitializeAsync()
    {
        var servers = Servers = await TestServers.GetAsync();
        Host = new ServiceHost<CompensationProgram>(
            servers,
            "services/Compensation/TalentPlatform.Compensation",
            $"talent_compensation_{Guid.NewGuid():N}",
            EntityPrefix,
            new Dictionary<string, string?>
            {
                ["Imports:MaxBodyBytes"] = MaxBodyBytes.ToString(CultureInfo.InvariantCulture),
            }).Listen();
        await Host.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class PayImportsApi() : PayImportsHost(16 * 1024 * 1024);

/// <summary>A limit of 256 KiB, so an unannounced upload is found too large after seconds of reading, not minutes.</summary>
public sealed class SmallPayImportsApi() : PayImportsHost(256 * 1024);

/// <summary>Pay imports at the size customers send them: streamed, idempotent, broken off, too large.</summary>
public sealed class BulkPayImportsTests(PayImportsApi api, SmallPayImportsApi small) : IClassFixture<PayImportsApi>, IClassFixture<SmallPayImportsApi>
{
    private const string PayHeader =
        "role,level,location.country,currency,period,kind,components.base.amount,observedOn,source.publisher,source.publishedOn,source.attribution,source.status";

    private readonly HttpClient _analyst = api.Host.SocketClientAs("analyst");

    [Fact]
    public async Task A_100000_row_pay_reports_csv_is_streamed_and_every_row_is_recorded()
    {
        const int Rows = 100_000;
        var role = Role("bulk");
        var content = new GeneratedRows(PayHeader, Rows, n => PayCsv(role, 100_000 + n));
        Assert.True(content.Length > 4 * 1024 * 1024, "the upload is several MiB");

        // A valid-rows upload is answered once its last chunk is applied: on a shared 2-core machine under load,
        // 100,000 rows take minutes, more than a client's usual 5 (the run's hang timeout of 10 still bounds it).
        using var patient = api.Host.SocketClientAs("analyst");
        patient.Timeout = TimeSpan.FromMinutes(9);
        using var response = await patient.ImportAsync("pay-reports", ImportApi.Csv, content, mode: "valid-rows");

        var accepted = await response.AcceptedImportAsync();
        var import = await _analyst.FinishedImportAsync(accepted["id"]!.GetValue<string>(), TimeSpan.FromMinutes(10));
        Assert.Equal("completed", ImportApi.State(import));
        Assert.Equal(Rows, ImportApi.Count(import, "rowsRead"));
        Assert.Equal(Rows, ImportApi.Count(import, "rowsApplied"));
        Assert.Equal(0, ImportApi.Count(import, "rowsRejected"));
        Assert.Equal(Rows, await CountAsync(role));

        // The last line is the last row (the header is line 1), recorded with its own amount.
        var records = await _analyst.GetFromJsonAsync<JsonObject>($"{import["records"]!.GetValue<string>()}?pageSize=1&page={Rows}");
        var last = records!["items"]!.AsArray().Single()!;
        Assert.Equal(Rows + 1, last["line"]!.GetValue<long>());
        var report = await _analyst.GetFromJsonAsync<JsonObject>(last["location"]!.GetValue<string>());
        Assert.Equal(100_000m + Rows, report!["components"]!["base"]!["amount"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Pay_reports_as_ndjson_and_payroll_as_ndjson_are_recorded_like_their_csv()
    {
        var role = Role("nd");
        var ndjson = string.Concat(Enumerable.Range(1, 40).Select(n => Report(role, 90_000 + n) + "\n"));
        using var response = await _analyst.ImportAsync("pay-reports", ImportApi.Ndjson, ndjson, mode: "valid-rows");
        var import = await response.AcceptedImportAsync();
        Assert.Equal("completed", ImportApi.State(import));
        Assert.Equal(40, ImportApi.Count(import, "rowsApplied"));
        Assert.Equal(40, await CountAsync(role));

        var tenant = $"payroll-nd-{Guid.NewGuid():N}";
        using var customer = api.Host.SocketClientAs("customer", tenant);
        var payroll = string.Concat(Enumerable.Range(1, 15).Select(n => CompensationRequests.Row(100_000m + n).ReplaceLineEndings("") + "\n"));
        using var submitted = await customer.ImportAsync("payroll", ImportApi.Ndjson, payroll);
        var done = await customer.FinishedImportAsync((await submitted.AcceptedImportAsync())["id"]!.GetValue<string>());
        Assert.Equal("completed", ImportApi.State(done));
        Assert.Equal("all-or-nothing", done["mode"]!.GetValue<string>());
        Assert.Equal(15, ImportApi.Count(done, "rowsApplied"));
        Assert.Equal(15, (await customer.GetFromJsonAsync<JsonObject>("/api/compensation/submissions?pageSize=1"))!["totalItems"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_same_key_finds_the_running_import_and_after_it_the_finished_one_and_adds_nothing()
    {
        var role = Role("key");
        var key = $"pay-{Guid.NewGuid():N}";
        using var upload = new UploadStream();
        var sending = _analyst.ImportAsync("pay-reports", ImportApi.Ndjson, upload, mode: "valid-rows", key: key);
        await upload.Started.WaitAsync(TimeSpan.FromSeconds(30));
        upload.Write(string.Concat(Enumerable.Range(1, 1_500).Select(n => Report(role, 80_000 + n) + "\n")));

        // While the upload is open: the same key answers with the running import, a chunk of it applied.
        var running = await Eventually.UntilAsync(
            async _ =>
            {
                using var again = await _analyst.ImportAsync("pay-reports", ImportApi.Ndjson, Report(role, 1), mode: "valid-rows", key: key);
                return again.StatusCode == HttpStatusCode.Accepted ? (await again.Content.ReadFromJsonAsync<JsonObject>())! : null;
            },
            import => import is not null && ImportApi.Count(import, "rowsApplied") >= 1_000,
            TimeSpan.FromSeconds(60),
            "the running import to have applied its first chunk");
        Assert.Equal("receiving", ImportApi.State(running!));

        upload.Write(string.Concat(Enumerable.Range(1_501, 500).Select(n => Report(role, 80_000 + n) + "\n")));
        upload.Complete();
        using var response = await sending;
        var import = await response.AcceptedImportAsync();
        Assert.Equal(running!["id"]!.GetValue<string>(), import["id"]!.GetValue<string>());
        Assert.Equal(2_000, ImportApi.Count(import, "rowsApplied"));

        using var replayed = await _analyst.ImportAsync("pay-reports", ImportApi.Ndjson, Report(role, 2), mode: "valid-rows", key: key);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(import["id"]!.GetValue<string>(), (await replayed.AcceptedImportAsync())["id"]!.GetValue<string>());
        Assert.Equal(2_000, await CountAsync(role));
    }

    [Theory]
    [InlineData("all-or-nothing", 0)]
    [InlineData("valid-rows", 2_000)]
    public async Task A_pay_reports_upload_that_breaks_off_fails_with_nothing_half_applied(string mode, int kept)
    {
        var role = Role("cut");
        var key = $"pay-{Guid.NewGuid():N}";
        using var upload = new UploadStream();
        var sending = _analyst.ImportAsync("pay-reports", ImportApi.Ndjson, upload, mode: mode, key: key);
        await upload.Started.WaitAsync(TimeSpan.FromSeconds(30));
        upload.Write(string.Concat(Enumerable.Range(1, 2_500).Select(n => Report(role, 70_000 + n) + "\n")));
        await Eventually.UntilAsync(
            async _ =>
            {
                using var again = await _analyst.ImportAsync("pay-reports", ImportApi.Ndjson, "", mode: mode, key: key);
                return again.StatusCode == HttpStatusCode.Accepted ? ImportApi.Count((await again.Content.ReadFromJsonAsync<JsonObject>())!, "rowsRead") : 0;
            },
            read => read >= 2_000,
            TimeSpan.FromSeconds(60),
            "two chunks to be read");

        // Half a row, then the connection drops.
        upload.Write(Report(role, 1)[..40]);
        upload.BreakOff();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => sending);

        var failed = await Eventually.UntilAsync(
            async _ =>
            {
                using var again = await _analyst.ImportAsync("pay-reports", ImportApi.Ndjson, "", mode: mode, key: key);
                return (await again.Content.ReadFromJsonAsync<JsonObject>())!;
            },
            import => ImportApi.State(import) == "failed",
            TimeSpan.FromSeconds(60),
            "the broken-off import to be marked failed");
        Assert.Contains("stopped before its end", failed["failure"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(kept, ImportApi.Count(failed, "rowsApplied"));
        Assert.Equal(kept, await CountAsync(role));
    }

    [Fact]
    public async Task An_upload_over_the_configured_limit_is_413_and_applies_nothing()
    {
        var role = Role("big");
        const int Rows = 4_000;
        var content = new GeneratedRows(PayHeader, Rows, n => PayCsv(role, 60_000 + n));
        Assert.True(content.Length > small.MaxBodyBytes);
        using var analyst = small.Host.SocketClientAs("analyst");

        using (var announced = await analyst.ImportAsync("pay-reports", ImportApi.Csv, content, mode: "valid-rows"))
        {
            await announced.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        }

        // Unannounced (chunked), found out while reading: the import fails, and in all-or-nothing nothing stays.
        var key = $"pay-{Guid.NewGuid():N}";
        try
        {
            using var response = await analyst.ImportAsync("pay-reports", ImportApi.Csv, new GeneratedRows(PayHeader, Rows, n => PayCsv(role, 60_000 + n), announce: false), key: key);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }
        catch (HttpRequestException)
        {
            // The server may close the connection on the rest of the body before the client reads its answer.
        }

        using var again = await analyst.ImportAsync("pay-reports", ImportApi.Csv, "", key: key);
        var import = (await again.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("failed", ImportApi.State(import));
        Assert.Contains("larger than the import limit", import["failure"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(analyst, role));
    }

    private Task<int> CountAsync(string role) => CountAsync(_analyst, role);

    private static async Task<int> CountAsync(HttpClient client, string role) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/compensation/observations?role={role}&pageSize=1"))!["totalItems"]!.GetValue<int>();

    private static string Role(string stem) => $"{stem}-{Guid.NewGuid():N}"[..(stem.Length + 13)];

    private static string PayCsv(string role, decimal amount) =>
        string.Create(CultureInfo.InvariantCulture, $"{role},senior,GB,GBP,annual,point,{amount},2025-07-01,Levels.fyi,2025-07-10,estimate,reported");

    private static string Report(string role, decimal amount) => $$"""
        {"role":"{{role}}","level":"senior","location":{"country":"GB"},"currency":"GBP","period":"annual","kind":"point","components":{"base":{"amount":{{amount}} } },"observedOn":"2025-07-01","source":{"publisher":"Levels.fyi","publishedOn":"2025-07-10","attribution":"estimate","status":"reported"} }
        """;

    /// <summary>A header and <c>rows</c> lines made while they are sent, never held whole; with its length announced or sent chunked.</summary>
    private sealed class GeneratedRows : HttpContent
    {
        private readonly string _header;
        private readonly int _rows;
        private readonly Func<int, string> _row;
        private readonly bool _announce;

        public GeneratedRows(string header, int rows, Func<int, string> row, bool announce = true)
        {
            (_header, _rows, _row, _announce) = (header, rows, row, announce);
            Length = Encoding.UTF8.GetByteCount(header) + 1 + Enumerable.Range(1, rows).Sum(n => (long)Encoding.UTF8.GetByteCount(row(n)) + 1);
            Headers.ContentType = new MediaTypeHeaderValue(ImportApi.Csv);
        }

        public long Length { get; }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
            await writer.WriteAsync(_header + "\n");
            for (var n = 1; n <= _rows; n++)
            {
                await writer.WriteAsync(_row(n));
                await writer.WriteAsync('\n');
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = Length;
            return _announce;
        }
    }
}
