using System.Text;
using TalentPlatform.Vocabulary.Validation;

namespace TalentPlatform.Compensation.Tests;

/// <summary>Market pay reports and customers' payroll as imports: the single-record routes' rules, row by row.</summary>
public sealed class ImportingPayTests(CompensationApi api) : IClassFixture<CompensationApi>
{
    private const string PayHeader =
        "role,level,location.country,currency,period,kind,components.base.amount,components.bonus.amount,observedOn,source.publisher,source.publishedOn,source.attribution,source.status";

    private const string PayrollHeader = "role,level,location.country,location.city,currency,period,components.base.amount,effectiveOn";

    private readonly HttpClient _analyst = api.Host.ClientAs("analyst");

    [Fact]
    public async Task Pay_reports_in_csv_with_dotted_fields_are_recorded_as_if_posted_one_by_one()
    {
        var role = Role("csv");
        var csv = new StringBuilder(PayHeader).Append('\n');
        for (var n = 1; n <= 12; n++)
        {
            csv.Append($"{role},senior,GB,GBP,annual,point,{150_000 + n},20000,2025-07-01,Levels.fyi,2025-07-10,estimate,reported\n");
        }

        using var response = await _analyst.ImportAsync("pay-reports", ImportApi.Csv, csv.ToString());

        var accepted = await response.AcceptedImportAsync();
        Assert.StartsWith("compensation-", accepted["id"]!.GetValue<string>(), StringComparison.Ordinal);
        var import = await _analyst.FinishedImportAsync(accepted["id"]!.GetValue<string>());
        Assert.Equal("completed", ImportApi.State(import));
        Assert.Equal(12, ImportApi.Count(import, "rowsApplied"));
        var listed = await _analyst.GetFromJsonAsync<JsonObject>($"/api/compensation/observations?role={role}&pageSize=200");
        Assert.Equal(12, listed!["totalItems"]!.GetValue<int>());
        var first = listed["items"]!.AsArray().Select(item => item!.AsObject()).Single(item => item["components"]!["base"]!["amount"]!.GetValue<decimal>() == 150_001m);
        Assert.Equal(20000m, first["components"]!["bonus"]!["amount"]!.GetValue<decimal>());
        Assert.Equal("GB", first["location"]!["country"]!.GetValue<string>());
        Assert.Equal("Levels.fyi", first["source"]!["publisher"]!.GetValue<string>());

        // Each line's record, by line, where a single POST would have put it.
        var records = await _analyst.GetFromJsonAsync<JsonObject>($"{import["records"]!.GetValue<string>()}?pageSize=5&page=2");
        Assert.Equal(12, records!["totalItems"]!.GetValue<int>());
        var line7 = records["items"]!.AsArray()[0]!;
        Assert.Equal(7, line7["line"]!.GetValue<long>());
        var seventh = await _analyst.GetFromJsonAsync<JsonObject>(line7["location"]!.GetValue<string>());
        Assert.Equal(150_006m, seventh!["components"]!["base"]!["amount"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_bad_currency_a_negative_amount_and_a_malformed_line_are_rejected_by_line_and_field()
    {
        var role = Role("bad");
        var csv = new StringBuilder(PayHeader).Append('\n')
            .Append($"{role},senior,GB,GBP,annual,point,150000,,2025-07-01,Levels.fyi,2025-07-10,estimate,reported\n")
            .Append($"{role},senior,GB,GBX,annual,point,150000,,2025-07-01,Levels.fyi,2025-07-10,estimate,reported\n")
            .Append($"{role},senior,GB,GBP,annual,point,-5,,2025-07-01,Levels.fyi,2025-07-10,estimate,reported\n")
            .Append($"{role},senior,GB,GBP,annual\n")
            .Append($"{role},senior,GB,GBP,annual,point,lots,,2025-07-01,Levels.fyi,2025-07-10,estimate,reported\n")
            .Append($"{role},senior,GB,GBP,annual,point,160000,,2025-07-01,Levels.fyi,2025-07-10,estimate,reported\n");

        using var response = await _analyst.ImportAsync("pay-reports", ImportApi.Csv, csv.ToString(), mode: "valid-rows");

        var import = await response.AcceptedImportAsync();
        Assert.Equal("completed", ImportApi.State(import));
        Assert.Equal([(3L, "currency"), (4L, "components.base.amount"), (5L, "row"), (6L, "components.base.amount")], ImportApi.Rejected(import));
        Assert.Equal(2, ImportApi.Count(import, "rowsApplied"));
        Assert.Equal(2, await CountAsync(role));
    }

    [Fact]
    public async Task An_all_or_nothing_import_with_one_bad_row_applies_none()
    {
        var role = Role("aon");
        var rows = string.Concat(Enumerable.Range(1, 30).Select(n => Report(role, n == 17 ? -1 : 100_000 + n) + "\n"));

        using var response = await _analyst.ImportAsync("pay-reports", ImportApi.Ndjson, rows, mode: "all-or-nothing");

        var import = await _analyst.FinishedImportAsync((await response.AcceptedImportAsync())["id"]!.GetValue<string>());
        Assert.Equal("failed", ImportApi.State(import));
        Assert.Equal([(17L, "components.base.amount")], ImportApi.Rejected(import));
        Assert.Equal(0, ImportApi.Count(import, "rowsApplied"));
        Assert.Equal(0, await CountAsync(role));
    }

    [Fact]
    public async Task Control_characters_in_csv_and_ndjson_are_refused_as_in_a_json_body()
    {
        var role = Role("ctl");
        using var single = await _analyst.PostJsonAsync("/api/compensation/observations", Report(role, 1, publisher: "Bell\\u0007Co"));
        var problem = await single.AssertNamesFieldsAsync("source.publisher");
        var reason = problem["errors"]!["source.publisher"]![0]!.GetValue<string>();
        Assert.Equal(Text.ControlCharacterMessage, reason);

        var ndjson = Report(role, 1, publisher: "Bell\\u0007Co") + "\n" + Report(role, 2, publisher: "Nul\\u0000Co") + "\n" + Report(role, 3) + "\n";
        using var fromNdjson = await _analyst.ImportAsync("pay-reports", ImportApi.Ndjson, ndjson, mode: "valid-rows");
        var csv = $"{PayHeader}\n{role},senior,GB,GBP,annual,point,150000,,2025-07-01,Bell\u0001Co,2025-07-10,estimate,reported\n" +
            $"{role},senior,GB,GBP,annual,point,150000,,2025-07-01,Nul\u0000Co,2025-07-10,estimate,reported\n";
        using var fromCsv = await _analyst.ImportAsync("pay-reports", ImportApi.Csv, csv, mode: "valid-rows");
        using var badHeader = await _analyst.ImportAsync("pay-reports", ImportApi.Csv, "role,curr\u0000ency\nx,GBP\n", mode: "valid-rows");

        foreach (var import in new[] { await fromNdjson.AcceptedImportAsync(), await fromCsv.AcceptedImportAsync() })
        {
            var rejected = import["rejectedRows"]!["items"]!.AsArray();
            Assert.Equal(2, rejected.Count);
            Assert.All(rejected, row =>
            {
                Assert.Equal("source.publisher", row!["field"]!.GetValue<string>());
                Assert.Equal(reason, row["reason"]!.GetValue<string>());
            });
        }

        var header = await badHeader.AcceptedImportAsync();
        Assert.Equal("failed", ImportApi.State(header));
        Assert.Equal([(1L, "column 2")], ImportApi.Rejected(header));
        Assert.Equal(1, await CountAsync(role));
    }

    [Fact]
    public async Task Payroll_is_imported_into_the_customers_own_tenant_and_no_other_tenant_sees_or_counts_it()
    {
        var (tenantA, tenantB) = ($"payroll-a-{Guid.NewGuid():N}", $"payroll-b-{Guid.NewGuid():N}");
        using var customerA = api.Host.ClientAs("customer", tenantA);
        using var customerB = api.Host.ClientAs("customer", tenantB);
        var key = $"payroll-{Guid.NewGuid():N}";
        var csv = PayrollHeader + "\n" + string.Concat(Enumerable.Range(1, 8).Select(n => $"ml-engineer,senior,GB,London,GBP,annual,{120_000 + n},2025-04-01\n"))
            + "ml-engineer,senior,GB,London,GBP,annual,-1,2025-04-01\n";

        using var response = await customerA.ImportAsync("payroll", ImportApi.Csv, csv, mode: "valid-rows", key: key);
        var import = await response.AcceptedImportAsync();
        var id = import["id"]!.GetValue<string>();
        Assert.Equal(8, ImportApi.Count(import, "rowsApplied"));
        Assert.Equal([(10L, "components.base.amount")], ImportApi.Rejected(import));

        var mine = await customerA.GetFromJsonAsync<JsonObject>("/api/compensation/submissions?pageSize=50");
        Assert.Equal(8, mine!["totalItems"]!.GetValue<int>());
        var records = await customerA.GetFromJsonAsync<JsonObject>($"/api/imports/{id}/records");
        var location = records!["items"]![0]!["location"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await customerA.GetAsync(location)).StatusCode);

        // Tenant B: the import, its rejected rows, its records and its rows are all as unknown as if they never were.
        await (await customerB.GetAsync($"/api/imports/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await customerB.GetAsync($"/api/imports/{id}/records")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await customerB.GetAsync(location)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, (await customerB.GetFromJsonAsync<JsonObject>("/api/compensation/submissions"))!["totalItems"]!.GetValue<int>());
        var unknown = await (await customerB.GetAsync($"/api/imports/compensation-{Guid.NewGuid():N}")).AssertProblemAsync(HttpStatusCode.NotFound);
        var hidden = await (await customerB.GetAsync($"/api/imports/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(unknown["title"]!.GetValue<string>(), hidden["title"]!.GetValue<string>());

        // B's same key is B's own: a new import, not A's replayed.
        using var again = await customerB.ImportAsync("payroll", ImportApi.Csv, csv, mode: "valid-rows", key: key);
        Assert.False(again.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(id, (await again.AcceptedImportAsync())["id"]!.GetValue<string>());

        // Only customers import payroll, and only analysts market data.
        await (await _analyst.ImportAsync("payroll", ImportApi.Csv, csv)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await customerA.ImportAsync("pay-reports", ImportApi.Ndjson, Report(Role("x"), 1))).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    private async Task<int> CountAsync(string role) =>
        (await _analyst.GetFromJsonAsync<JsonObject>($"/api/compensation/observations?role={role}&pageSize=1"))!["totalItems"]!.GetValue<int>();

    private static string Role(string stem) => $"{stem}-{Guid.NewGuid():N}"[..(stem.Length + 13)];

    private static string Report(string role, decimal amount, string publisher = "Levels.fyi") => $$"""
        {"role":"{{role}}","level":"senior","location":{"country":"GB"},"currency":"GBP","period":"annual","kind":"point","components":{"base":{"amount":{{amount}} } },"observedOn":"2025-07-01","source":{"publisher":"{{publisher}}","publishedOn":"2025-07-10","attribution":"estimate","status":"reported"} }
        """;
}
