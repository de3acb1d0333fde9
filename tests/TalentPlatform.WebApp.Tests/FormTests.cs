using System.Text;

namespace TalentPlatform.WebApp.Tests;

/// <summary>Analysts' forms and the customers' payroll upload, through the pages, against the real platform.</summary>
[Collection(DemoCollection.Name)]
public sealed class FormTests(DemoPlatform demo)
{
    /// <summary>An organization slug no other test uses, so the league-table row belongs to this test.</summary>
    private static string UniqueSlug(string stem) => $"{stem}-{Guid.NewGuid():N}"[..(stem.Length + 13)];

    [Fact]
    public async Task An_analyst_records_a_deal_in_the_form_and_sees_it_in_the_league_table()
    {
        var acquirer = UniqueSlug("webapp-acquirer");
        await using var browser = await demo.NewPageAsync();
        await browser.SignInAsync(demo.Platform.AnalystKey);
        await browser.NavigateAsync("Record a deal");

        var page = browser.Page;
        await page.GetByLabel("Type").SelectOptionAsync("acquisition");
        await page.GetByLabel("Acquirer (organization slug)").FillAsync(acquirer);
        await page.GetByLabel("Target (organization slug)").FillAsync("windsurf");
        await page.GetByLabel("Announced on").FillAsync("2025-09-01");
        await page.GetByLabel("Value", new() { Exact = true }).FillAsync("750000000");
        await page.GetByLabel("Currency").FillAsync("USD");
        await page.GetByLabel("Publisher").FillAsync("Web app test wire");
        await page.GetByLabel("Published on").FillAsync("2025-09-01");
        await page.GetByLabel("Claim status").SelectOptionAsync("confirmed");
        await browser.ScreenshotAsync("record-deal");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the deal" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Recorded" })).ToContainTextAsync($"Recorded: {acquirer} – windsurf");
        await page.GetByRole(AriaRole.Link, new() { Name = "See it in the league table" }).ClickAsync();

        // Insights counts the deal once its event arrives: the league table is asked again (a reload, as a user
        // would) until it lists the deal, within a bound.
        var table = page.GetByRole(AriaRole.Region, new() { Name = "League table" });
        var row = page.Locator("#main table td", new() { HasText = "$750,000,000" });
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Expect(table).ToHaveAttributeAsync("data-state", "shown");
        while (await row.CountAsync() == 0)
        {
            Assert.False(deadline.IsCancellationRequested, $"The deal by {acquirer} did not reach the league table within 60 s.");
            await page.ReloadAsync();
            await Expect(table).ToHaveAttributeAsync("data-state", "shown");
        }

        await browser.ChartsDrawnAsync();
        await Expect(page.Locator("figure.chart-figure svg text", new() { HasText = "$750M" })).ToBeVisibleAsync();
        var deals = page.GetByRole(AriaRole.Region, new() { Name = "Deals of one acquirer" });
        await Expect(deals).ToContainTextAsync("$750,000,000");
        await Expect(deals).ToContainTextAsync("confirmed");
        browser.NoErrors();
    }

    [Fact]
    public async Task A_deal_refused_by_the_API_shows_the_reason_beside_the_field_it_names()
    {
        await using var browser = await demo.NewPageAsync();
        await browser.SignInAsync(demo.Platform.AnalystKey);
        await browser.NavigateAsync("Record a deal");

        var page = browser.Page;
        await page.GetByLabel("Acquirer (organization slug)").FillAsync("Not A Slug!");
        await page.GetByLabel("Target (organization slug)").FillAsync("windsurf");
        await page.GetByLabel("Announced on").FillAsync("2025-09-01");
        await page.GetByLabel("Value", new() { Exact = true }).FillAsync("1000");
        await page.GetByLabel("Currency").FillAsync("XYZ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the deal" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not valid (400)");
        var acquirer = page.GetByLabel("Acquirer (organization slug)");
        await Expect(acquirer).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("[data-field='acquirer'] .field-error")).ToContainTextAsync("(acquirer)");
        await Expect(page.Locator("[data-field='value.currency'] .field-error")).ToContainTextAsync("(value.currency)");
        await browser.AccessibleAsync();
    }

    [Fact]
    public async Task An_analyst_imports_deals_from_a_CSV_file_and_follows_the_import_to_its_end()
    {
        var acquirer = UniqueSlug("webapp-import");
        var csv = "type,acquirer,target,status,announcedOn,value.amount,value.currency\n" +
            $"acquisition,{acquirer},tiny-labs,announced,2025-03-01,25000000,USD\n" +
            $"acquihire,{acquirer},small-ai,rumoured,,,\n" +
            $"acquisition,{acquirer},,announced,2025-03-02,1,USD\n";
        await using var browser = await demo.NewPageAsync();
        await browser.SignInAsync(demo.Platform.AnalystKey);
        await browser.NavigateAsync("Import");

        var page = browser.Page;
        await page.GetByLabel("Valid rows: apply every good row, reject each bad one on its own").CheckAsync();
        await page.GetByLabel("File (required)", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "deals.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the import" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import completed" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var progress = page.GetByRole(AriaRole.Region, new() { Name = "Import completed" });
        await Expect(progress.Locator("dl")).ToContainTextAsync("Rows read3");
        await Expect(progress.Locator("dl")).ToContainTextAsync("Applied2");
        var rejected = page.GetByRole(AriaRole.Table, new() { Name = "Rejected rows (1)" });
        await Expect(rejected.GetByRole(AriaRole.Row).Filter(new() { HasText = "target" })).ToContainTextAsync("4");
        await Expect(page.GetByRole(AriaRole.Progressbar, new() { Name = "Rows applied" })).ToHaveAttributeAsync("value", "2");
        await browser.AccessibleAsync();
        await browser.ScreenshotAsync("import");
        browser.NoErrors();
    }

    [Fact]
    public async Task A_customer_uploads_payroll_rows_and_sees_them_counted()
    {
        await using var browser = await demo.NewPageAsync();
        await browser.SignInAsync(demo.Platform.CustomerKey);
        await browser.NavigateAsync("Upload payroll");

        var page = browser.Page;
        var counted = page.Locator("#payroll-count");
        await Expect(counted).ToContainTextAsync("payroll row");
        var before = int.Parse(await counted.GetAttributeAsync("data-count") ?? "-1", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(before >= 0);

        var csv = new StringBuilder("role,level,location.country,currency,period,effectiveOn,components.base.amount,components.bonus.amount\n");
        for (var i = 0; i < 6; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"research-scientist,staff,US,USD,annual,2025-07-01,{400_000 + (i * 10_000)},50000\n");
        }

        await page.GetByLabel("Payroll file (CSV)").SetInputFilesAsync(new FilePayload { Name = "payroll.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv.ToString()) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload the rows" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Uploaded 6 rows" })).ToBeVisibleAsync();
        await Expect(counted).ToHaveAttributeAsync("data-count", (before + 6).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await browser.AccessibleAsync();
        await browser.ScreenshotAsync("payroll");
        browser.NoErrors();
    }

    [Fact]
    public async Task An_analyst_adds_a_claim_from_the_deal_page_and_the_deal_lists_it()
    {
        var dealId = demo.Ids["deal:google-windsurf"];
        await using var browser = await demo.NewPageAsync();
        await browser.SignInAsync(demo.Platform.AnalystKey, $"/app/deals/{dealId}");

        var page = browser.Page;
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a claim to this deal" }).ClickAsync();
        await Expect(page.GetByLabel("Deal")).ToHaveValueAsync(dealId);
        await page.GetByLabel("Value", new() { Exact = true }).FillAsync("2450000000");
        await page.GetByLabel("Publisher").FillAsync("Web app test wire");
        await page.GetByLabel("Published on").FillAsync("2025-07-20");
        await page.GetByLabel("Attribution").SelectOptionAsync("anonymous-source");
        await page.GetByLabel("Claim status").SelectOptionAsync("rumoured");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the claim" }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Open the deal to see every claim and the figure now used" }).ClickAsync();
        var claims = page.GetByRole(AriaRole.Table, new() { Name = "Every claim on the deal's terms, with its source, attribution and status" });
        var added = claims.GetByRole(AriaRole.Row).Filter(new() { HasText = "Web app test wire" });
        await Expect(added).ToContainTextAsync("$2,450,000,000");
        await Expect(added).ToContainTextAsync("rumoured");
        await Expect(added).ToContainTextAsync("no");
        browser.NoErrors();
    }
}
