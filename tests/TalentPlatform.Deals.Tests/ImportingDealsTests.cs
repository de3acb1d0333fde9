using System.Text;
using DealsProgram = TalentPlatform.Deals.Program;

namespace TalentPlatform.Deals.Tests;

/// <summary>Deals on a real socket, with small import chunks (10 rows) and a small upload limit (64 KiB), so that both show.</summary>
public sealed class DealImportsApi : IAsyncLifetime
{
    public const int ChunkRows = 10;
    public const int MaxBodyBytes = 64 * 1024;

    public ServiceHost<DealsProgram> Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var servers = await TestServers.GetAsync();
        Host = new ServiceHost<DealsProgram>(
            servers,
            "services/Deals/TalentPlatform.Deals",
            $"talent_deals_{Guid.NewGuid():N}",
            $"test-{Guid.NewGuid():N}.",
            new Dictionary<string, string?>
            {
                ["Imports:ChunkRows"] = ChunkRows.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Imports:MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }).Listen();
        await Host.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class ImportingDealsTests(DealImportsApi api) : IClassFixture<DealImportsApi>
{
    private const string Header = "type,acquirer,target,status,announcedOn,value.amount,value.currency,source.publisher,source.publishedOn,source.attribution,source.status";

    private readonly HttpClient _analyst = api.Host.SocketClientAs("analyst");

    [Fact]
    public async Task A_valid_rows_import_applies_every_good_row_and_lists_each_bad_one_by_line_and_field()
    {
        var acquirer = Slug("ndjson");
        var body = string.Join('\n',
            Deal(acquirer, 1),
            Deal(acquirer, 2),
            """{"type":"merger","acquirer":"ACQ","target":"x-ai","status":"rumoured","value":{"amount":5,"currency":"XYZ"}}""".Replace("ACQ", acquirer, StringComparison.Ordinal),
            "",
            """{"type":"merger","acquirer":"ACQ","target":"x-ai","status":"rumoured","value":{"amount":-5,"currency":"USD"}}""".Replace("ACQ", acquirer, StringComparison.Ordinal),
            "{not json",
            Deal(acquirer, 3)) + "\n";

        using var response = await _analyst.ImportAsync("deals", ImportApi.Ndjson, body, mode: "valid-rows");

        var import = await response.AcceptedImportAsync();
        Assert.StartsWith("deals-", import["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("valid-rows", import["mode"]!.GetValue<string>());
        Assert.Contains("Every good row is applied", import["modeMeans"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("completed", ImportApi.State(import));
        Assert.Equal(6, ImportApi.Count(import, "rowsRead"));
        Assert.Equal(3, ImportApi.Count(import, "rowsAccepted"));
        Assert.Equal(3, ImportApi.Count(import, "rowsApplied"));
        Assert.Equal(3, ImportApi.Count(import, "rowsRejected"));
        Assert.Equal([(3L, "value.currency"), (5L, "value.amount"), (6L, "row")], ImportApi.Rejected(import));
        Assert.Equal(3, await DealCountAsync(acquirer));
    }

    [Fact]
    public async Task An_all_or_nothing_csv_import_with_bad_rows_fails_listing_every_bad_row_and_applies_nothing()
    {
        var acquirer = Slug("csv-bad");
        var csv = new StringBuilder(Header + "\n")
            .Append(CsvDeal(acquirer, 1)).Append('\n')
            .Append(CsvDeal(acquirer, 2).Replace(",USD,", ",EURO,", StringComparison.Ordinal)).Append('\n')
            .Append("merger,").Append(acquirer).Append(",x-ai,announced\n")
            .Append(CsvDeal(acquirer, 4).Replace(",1000004,", ",-4,", StringComparison.Ordinal)).Append('\n')
            .Append(CsvDeal(acquirer, 5).Replace("acquisition", "ipo", StringComparison.Ordinal)).Append('\n')
            .Append(CsvDeal(acquirer, 6)).Append('\n')
            .ToString();

        using var response = await _analyst.ImportAsync("deals", ImportApi.Csv, csv);

        var import = await response.AcceptedImportAsync();
        Assert.Equal("all-or-nothing", import["mode"]!.GetValue<string>());
        Assert.Equal("failed", ImportApi.State(import));
        Assert.Equal(6, ImportApi.Count(import, "rowsRead"));
        Assert.Equal(4, ImportApi.Count(import, "rowsRejected"));
        Assert.Equal(0, ImportApi.Count(import, "rowsApplied"));
        Assert.Equal([(3L, "value.currency"), (4L, "row"), (5L, "value.amount"), (6L, "type")], ImportApi.Rejected(import));
        Assert.Equal(0, await DealCountAsync(acquirer));
    }

    [Fact]
    public async Task An_all_or_nothing_import_of_good_rows_is_applied_after_the_upload()
    {
        var acquirer = Slug("csv-good");
        var csv = Header + "\n" + string.Join("\n", Enumerable.Range(1, 25).Select(i => CsvDeal(acquirer, i))) + "\n";

        using var response = await _analyst.ImportAsync("deals", ImportApi.Csv, csv, mode: "all-or-nothing");
        var accepted = await response.AcceptedImportAsync();
        Assert.Contains(ImportApi.State(accepted), new[] { "applying", "completed" });

        var import = await _analyst.FinishedImportAsync(accepted["id"]!.GetValue<string>());
        Assert.Equal("completed", ImportApi.State(import));
        Assert.Equal(25, ImportApi.Count(import, "rowsApplied"));
        Assert.Equal(0, import["etaSeconds"]!.GetValue<double>());
        Assert.Equal(25, await DealCountAsync(acquirer));
        var deals = await _analyst.GetFromJsonAsync<JsonObject>($"/api/deals?organization={acquirer}&pageSize=1");
        var deal = deals!["items"]![0]!;
        Assert.Equal("announced", deal["status"]!.GetValue<string>());
        Assert.Equal("USD", deal["value"]!["currency"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_csv_header_naming_no_field_fails_the_import_at_line_1()
    {
        var csv = "type,acquirer,target,status,valeu.amount\nmerger,meta,x-ai,rumoured,5\n";

        using var response = await _analyst.ImportAsync("deals", ImportApi.Csv, csv, mode: "valid-rows");

        var import = await response.AcceptedImportAsync();
        Assert.Equal("failed", ImportApi.State(import));
        Assert.Equal([(1L, "valeu.amount")], ImportApi.Rejected(import));
        Assert.Equal(0, ImportApi.Count(import, "rowsRead"));
    }

    [Fact]
    public async Task An_import_is_read_as_it_streams_and_the_same_key_finds_it_while_it_runs()
    {
        var acquirer = Slug("stream");
        var key = $"import-{Guid.NewGuid():N}";
        using var upload = new UploadStream();
        var sending = _analyst.ImportAsync("deals", ImportApi.Ndjson, upload, mode: "valid-rows", key: key);
        await upload.Started.WaitAsync(TimeSpan.FromSeconds(30));
        upload.Write(string.Concat(Enumerable.Range(1, 25).Select(i => Deal(acquirer, i) + "\n")));

        // The upload is still open: the same key answers with the import it started, and its progress shows.
        var running = await Eventually.UntilAsync(
            async _ =>
            {
                using var again = await _analyst.ImportAsync("deals", ImportApi.Ndjson, "", mode: "valid-rows", key: key);
                return again.StatusCode == HttpStatusCode.Accepted ? (await again.Content.ReadFromJsonAsync<JsonObject>())! : null;
            },
            import => import is not null && ImportApi.Count(import, "rowsApplied") >= 20,
            TimeSpan.FromSeconds(30),
            "the running import to have applied two chunks");
        Assert.Equal("receiving", ImportApi.State(running!));
        Assert.Equal(20, await DealCountAsync(acquirer));

        upload.Write(string.Concat(Enumerable.Range(26, 5).Select(i => Deal(acquirer, i) + "\n")));
        upload.Complete();
        using var response = await sending;
        var import = await response.AcceptedImportAsync();
        Assert.Equal(running!["id"]!.GetValue<string>(), import["id"]!.GetValue<string>());
        Assert.Equal("completed", ImportApi.State(import));
        Assert.Equal(30, ImportApi.Count(import, "rowsApplied"));
        Assert.Equal(30, await DealCountAsync(acquirer));

        using var replayed = await _analyst.ImportAsync("deals", ImportApi.Ndjson, Deal(acquirer, 99), mode: "valid-rows", key: key);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(import["id"]!.GetValue<string>(), (await replayed.AcceptedImportAsync())["id"]!.GetValue<string>());
        Assert.Equal(30, await DealCountAsync(acquirer));

        using var otherMode = await _analyst.ImportAsync("deals", ImportApi.Ndjson, Deal(acquirer, 99), mode: "all-or-nothing", key: key);
        await otherMode.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Theory]
    [InlineData("all-or-nothing", 0)]
    [InlineData("valid-rows", 20)]
    public async Task An_upload_that_breaks_off_leaves_a_failed_import_and_only_whole_chunks_in_valid_rows_mode(string mode, int kept)
    {
        var acquirer = Slug("broken");
        var key = $"import-{Guid.NewGuid():N}";
        using var upload = new UploadStream();
        var sending = _analyst.ImportAsync("deals", ImportApi.Ndjson, upload, mode: mode, key: key);
        await upload.Started.WaitAsync(TimeSpan.FromSeconds(30));
        upload.Write(string.Concat(Enumerable.Range(1, 25).Select(i => Deal(acquirer, i) + "\n")));
        await Eventually.UntilAsync(
            async _ =>
            {
                using var again = await _analyst.ImportAsync("deals", ImportApi.Ndjson, "", mode: mode, key: key);
                return again.StatusCode == HttpStatusCode.Accepted ? ImportApi.Count((await again.Content.ReadFromJsonAsync<JsonObject>())!, "rowsRead") : 0;
            },
            read => read >= 20,
            TimeSpan.FromSeconds(30),
            "two chunks to be read");

        upload.BreakOff();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => sending);

        var failed = await Eventually.UntilAsync(
            async _ =>
            {
                using var again = await _analyst.ImportAsync("deals", ImportApi.Ndjson, "", mode: mode, key: key);
                return (await again.Content.ReadFromJsonAsync<JsonObject>())!;
            },
            import => ImportApi.State(import) == "failed",
            TimeSpan.FromSeconds(30),
            "the broken-off import to be marked failed");
        Assert.Contains("stopped before its end", failed["failure"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(kept, ImportApi.Count(failed, "rowsApplied"));
        Assert.Equal(kept, await DealCountAsync(acquirer));
    }

    [Fact]
    public async Task An_upload_over_the_limit_is_413_whether_announced_or_not()
    {
        var acquirer = Slug("large");
        var rows = string.Concat(Enumerable.Range(1, 1000).Select(i => Deal(acquirer, i) + "\n"));
        Assert.True(Encoding.UTF8.GetByteCount(rows) > DealImportsApi.MaxBodyBytes);

        using (var announced = await _analyst.ImportAsync("deals", ImportApi.Ndjson, rows, mode: "valid-rows"))
        {
            await announced.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        }

        var key = $"import-{Guid.NewGuid():N}";
        using var upload = new UploadStream();
        var sending = _analyst.ImportAsync("deals", ImportApi.Ndjson, upload, mode: "all-or-nothing", key: key);
        await upload.Started.WaitAsync(TimeSpan.FromSeconds(30));
        upload.Write(rows);
        upload.Complete();
        try
        {
            using var response = await sending;
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }
        catch (HttpRequestException)
        {
            // The server may close the connection on the rest of the body before the client reads its answer.
        }

        using var again = await _analyst.ImportAsync("deals", ImportApi.Ndjson, "", mode: "all-or-nothing", key: key);
        var import = (await again.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("failed", ImportApi.State(import));
        Assert.Contains("larger than the import limit", import["failure"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, await DealCountAsync(acquirer));
    }

    [Fact]
    public async Task Rejected_rows_are_paged()
    {
        var body = string.Concat(Enumerable.Range(1, 5).Select(_ => "{}\n"));
        using var response = await _analyst.ImportAsync("deals", ImportApi.Ndjson, body, mode: "valid-rows");
        var id = (await response.AcceptedImportAsync())["id"]!.GetValue<string>();

        var page = await _analyst.GetImportAsync(id, "?pageSize=3");
        var rejected = page["rejectedRows"]!;
        Assert.Equal(3, rejected["items"]!.AsArray().Count);
        Assert.True(rejected["totalItems"]!.GetValue<long>() >= 5);
        var next = rejected["nextPage"]!.GetValue<string>();
        using var second = await _analyst.GetAsync(next);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task Bad_requests_are_named_problems()
    {
        using (var noKind = await _analyst.ImportAsync("", ImportApi.Ndjson, "{}"))
        {
            await noKind.AssertNamesFieldsAsync("kind");
        }

        using (var unknownKind = await _analyst.ImportAsync("pay-reports", ImportApi.Ndjson, "{}"))
        {
            await unknownKind.AssertNamesFieldsAsync("kind");
        }

        using (var badMode = await _analyst.ImportAsync("deals", ImportApi.Ndjson, "{}", mode: "some-rows"))
        {
            await badMode.AssertNamesFieldsAsync("mode");
        }

        using (var json = await _analyst.ImportAsync("deals", "application/json", "{}"))
        {
            await json.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        }

        using var customer = api.Host.SocketClientAs("customer");
        using var forbidden = await customer.ImportAsync("deals", ImportApi.Ndjson, "{}");
        await forbidden.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Another_tenants_import_is_not_found()
    {
        using var response = await _analyst.ImportAsync("deals", ImportApi.Ndjson, Deal(Slug("mine"), 1), mode: "valid-rows");
        var id = (await response.AcceptedImportAsync())["id"]!.GetValue<string>();

        using var other = api.Host.SocketClientAs("analyst", tenant: "someone-else");
        using var read = await other.GetAsync($"/api/imports/{id}");
        await read.AssertProblemAsync(HttpStatusCode.NotFound);
        using var unknown = await _analyst.GetAsync($"/api/imports/deals-{Guid.NewGuid():N}");
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<long> DealCountAsync(string acquirer)
    {
        var deals = await _analyst.GetFromJsonAsync<JsonObject>($"/api/deals?organization={acquirer}&pageSize=1");
        return deals!["totalItems"]!.GetValue<long>();
    }

    private static string Slug(string stem) => $"{stem}-{Guid.NewGuid():N}"[..(stem.Length + 13)];

    private static string Deal(string acquirer, int n) =>
        $$$"""{"type":"acquisition","acquirer":"{{{acquirer}}}","target":"target-{{{n}}}","status":"announced","announcedOn":"2025-06-12","value":{"amount":{{{1_000_000 + n}}},"currency":"USD"}}""";

    private static string CsvDeal(string acquirer, int n) =>
        $"acquisition,{acquirer},target-{n},announced,2025-06-12,{1_000_000 + n},USD,Reuters,2025-06-12,company-statement,reported";
}
