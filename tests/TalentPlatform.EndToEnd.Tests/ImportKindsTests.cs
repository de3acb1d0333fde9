namespace TalentPlatform.EndToEnd.Tests;

/// <summary>Every kind of import through the gateway, to the service that owns it and on to Insights.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ImportKindsTests(TestPlatform platform)
{
    private const string PayHeader =
        "role,level,location.country,currency,period,kind,components.base.amount,observedOn,source.publisher,source.publishedOn,source.attribution,source.status";

    [Fact]
    public async Task Organizations_people_employment_and_moves_imported_at_the_gateway_reach_the_talent_flows()
    {
        using var analyst = platform.Analyst();
        using var customer = platform.Customer();
        var (from, to) = (Api.UniqueSlug("flow-from"), Api.UniqueSlug("flow-to"));

        await ImportAsync(analyst, "organizations", ImportApi.Csv, $"slug,name,kind\n{from},From Labs,ai-lab\n{to},To Labs,big-tech\n");
        var people = await ImportAsync(analyst, "people", ImportApi.Ndjson, """{"name":"Ada Import"}""" + "\n" + """{"name":"Grace Import","country":"US"}""" + "\n");
        var ids = (await analyst.GetFromJsonAsync<JsonObject>(people["records"]!.GetValue<string>()))!["items"]!.AsArray()
            .Select(record => record!["id"]!.GetValue<string>()).ToList();
        await ImportAsync(analyst, "employment", ImportApi.Csv, "personId,organization,start\n" + string.Concat(ids.Select(id => $"{id},{from},2020-01\n")));
        await ImportAsync(analyst, "moves", ImportApi.Ndjson, string.Concat(ids.Select(id =>
            $$"""{"personId":"{{id}}","from":"{{from}}","to":"{{to}}","on":"2025-05","source":{"publisher":"The Information","publishedOn":"2025-05-20","attribution":"anonymous-source","status":"reported"} }""" + "\n")));

        var flows = await Eventually.UntilAsync(
            token => customer.GetFromJsonAsync<JsonObject>($"/api/insights/talent-flows?organization={to}", token),
            found => found?["inflow"]?["value"]?.GetValue<int>() == 2,
            TimeSpan.FromSeconds(60),
            "the imported moves in the talent flows");
        Assert.Equal(from, flows!["counterparties"]![0]!["organization"]!.GetValue<string>());
    }

    [Fact]
    public async Task Pay_reports_and_payroll_imported_at_the_gateway_reach_the_benchmarks()
    {
        using var analyst = platform.Analyst();
        using var customer = platform.Customer();
        var role = Api.UniqueSlug("imported-role");

        // A cell is published once its rows (taken in the order they were recorded) are at least 5 from at least 3
        // contributors, none above half: the tenant's 5 rows and one publisher's 5 wait for a third contributor,
        // whose one report publishes all 11 at once.
        var payroll = await ImportAsync(customer, "payroll", ImportApi.Csv,
            "role,level,location.country,currency,period,components.base.amount,effectiveOn\n" +
            string.Concat(Enumerable.Range(1, 5).Select(n => $"{role},senior,US,USD,annual,{250_000 + n},2025-04-01\n")));
        Assert.StartsWith("compensation-", payroll["id"]!.GetValue<string>(), StringComparison.Ordinal);
        await ImportAsync(analyst, "pay-reports", ImportApi.Csv, PayReports(role, "Levels.fyi", 5));
        await ImportAsync(analyst, "pay-reports", ImportApi.Csv, PayReports(role, "Glassdoor", 1));

        var benchmarks = await Eventually.UntilAsync(
            token => customer.GetFromJsonAsync<JsonObject>($"/api/insights/compensation/benchmarks?role={role}", token),
            found => found?["total"]?["n"]?.GetValue<int>() == 11,
            TimeSpan.FromSeconds(60),
            "the imported pay reports and payroll rows in the benchmarks");
        Assert.Equal(5, benchmarks!["total"]!["tenantRows"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_payroll_import_is_unknown_to_every_other_tenant_at_the_gateway()
    {
        using var customer = platform.Customer();
        var other = await platform.IssueKeyAsync(Api.UniqueSlug("other"), "customer");
        using var otherCustomer = platform.Client(other.Key);
        var payroll = await ImportAsync(customer, "payroll", ImportApi.Csv,
            "role,location.country,currency,period,components.base.amount,effectiveOn\nml-engineer,GB,GBP,annual,123456,2025-04-01\n");
        var id = payroll["id"]!.GetValue<string>();

        using var import = await otherCustomer.GetAsync($"/api/imports/{id}");
        using var records = await otherCustomer.GetAsync($"/api/imports/{id}/records");
        using var never = await otherCustomer.GetAsync($"/api/imports/compensation-{Guid.NewGuid():N}");

        // Answered exactly as an import that never was: nothing says that this one exists.
        var (hidden, unknown) = (await import.AssertProblemAsync(HttpStatusCode.NotFound), await never.AssertProblemAsync(HttpStatusCode.NotFound));
        await records.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(unknown["title"]!.GetValue<string>(), hidden["title"]!.GetValue<string>());
        Assert.DoesNotContain("payroll", hidden.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_key_at_the_gateway_finds_the_same_import_and_adds_nothing()
    {
        using var analyst = platform.Analyst();
        var role = Api.UniqueSlug("idempotent");
        var csv = $"{PayHeader}\n{role},mid,GB,GBP,annual,point,90000,2025-06-01,Glassdoor,2025-06-10,estimate,reported\n";
        var key = $"import-{Guid.NewGuid():N}";

        using var first = await analyst.ImportAsync("pay-reports", ImportApi.Csv, csv, key: key);
        var id = (await first.AcceptedImportAsync())["id"]!.GetValue<string>();
        await analyst.FinishedImportAsync(id);
        using var second = await analyst.ImportAsync("pay-reports", ImportApi.Csv, csv, key: key);

        Assert.Equal(id, (await second.AcceptedImportAsync())["id"]!.GetValue<string>());
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        var listed = await analyst.GetFromJsonAsync<JsonObject>($"/api/compensation/observations?role={role}");
        Assert.Equal(1, listed!["totalItems"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_pay_reports_upload_that_breaks_off_at_the_gateway_fails_and_applies_nothing()
    {
        using var analyst = platform.Analyst();
        var role = Api.UniqueSlug("broken");
        var key = $"import-{Guid.NewGuid():N}";
        using var upload = new UploadStream();
        var sending = analyst.ImportAsync("pay-reports", ImportApi.Csv, upload, mode: "all-or-nothing", key: key);
        await upload.Started.WaitAsync(TimeSpan.FromSeconds(30));
        upload.Write(PayHeader + "\n" + string.Concat(Enumerable.Range(1, 2500).Select(n =>
            $"{role},mid,GB,GBP,annual,point,{80_000 + n},2025-06-01,Glassdoor,2025-06-10,estimate,reported\n")));
        await Eventually.UntilAsync(
            async _ =>
            {
                using var again = await analyst.ImportAsync("pay-reports", ImportApi.Csv, "", mode: "all-or-nothing", key: key);
                return again.StatusCode == HttpStatusCode.Accepted ? ImportApi.Count((await again.Content.ReadFromJsonAsync<JsonObject>())!, "rowsRead") : 0;
            },
            read => read >= 1000,
            TimeSpan.FromSeconds(60),
            "the first chunk to be read");

        upload.BreakOff();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => sending);

        var failed = await Eventually.UntilAsync(
            async _ =>
            {
                using var again = await analyst.ImportAsync("pay-reports", ImportApi.Csv, "", mode: "all-or-nothing", key: key);
                return (await again.Content.ReadFromJsonAsync<JsonObject>())!;
            },
            import => ImportApi.State(import) == "failed",
            TimeSpan.FromSeconds(60),
            "the broken-off import to be marked failed");
        Assert.Equal(0, ImportApi.Count(failed, "rowsApplied"));
        var listed = await analyst.GetFromJsonAsync<JsonObject>($"/api/compensation/observations?role={role}");
        Assert.Equal(0, listed!["totalItems"]!.GetValue<int>());
    }

    /// <summary>Imports through the gateway, follows the import there to its end, and returns it completed.</summary>
    private static string PayReports(string role, string publisher, int count) =>
        PayHeader + "\n" + string.Concat(Enumerable.Range(1, count).Select(n =>
            $"{role},senior,US,USD,annual,point,{200_000 + (n * 1000)},2025-06-01,{publisher},2025-06-10,estimate,reported\n"));

    private static async Task<JsonObject> ImportAsync(HttpClient client, string kind, string contentType, string body)
    {
        using var response = await client.ImportAsync(kind, contentType, body);
        var accepted = await response.AcceptedImportAsync();
        var import = await client.FinishedImportAsync(accepted["id"]!.GetValue<string>());
        Assert.True(ImportApi.State(import) == "completed", $"import of {kind} did not complete: {import.ToJsonString()}");
        return import;
    }
}
