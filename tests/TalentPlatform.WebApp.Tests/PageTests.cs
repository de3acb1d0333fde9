namespace TalentPlatform.WebApp.Tests;

/// <summary>Every page renders its chart with the article's figures, with a table view, units stated and no serious accessibility fault.</summary>
[Collection(DemoCollection.Name)]
public sealed class PageTests(DemoPlatform demo)
{
    [Fact]
    public async Task The_market_overview_charts_weekly_heat_and_lists_Meta_as_top_acquirer_at_14_3_billion()
    {
        await using var browser = await demo.NewPageAsync();
        await browser.SignInAsync(demo.Platform.CustomerKey);

        var page = browser.Page;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Market overview", Level = 1 })).ToBeVisibleAsync();
        await browser.ChartsDrawnAsync();
        await Expect(page.Locator("figure.chart-figure .units").First).ToContainTextAsync("counts per ISO week");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Top acquirers" }).GetByRole(AriaRole.Listitem).First).ToContainTextAsync("Meta Platforms: $14.3B");

        // The week of the twenty-plus researchers' group move (and one named move) counts at least 21 people.
        var weeks = await browser.TableViewAsync("Market heat");
        await Expect(weeks.GetByRole(AriaRole.Row).Filter(new() { HasText = "2025-W27" })).ToContainTextAsync("≥ 21");

        await browser.AccessibleAsync();
        await browser.ScreenshotAsync("overview");
        browser.NoErrors();
    }

    [Fact]
    public async Task The_league_table_charts_Meta_at_14_3_billion_and_lists_its_deal_with_the_rate_used()
    {
        await using var browser = await demo.NewPageAsync();
        await browser.SignInAsync(demo.Platform.CustomerKey);
        await browser.NavigateAsync("Deals");

        var page = browser.Page;
        await browser.ChartsDrawnAsync();
        // The bar's own label in the drawing, and the same figure in the table view.
        await Expect(page.Locator("figure.chart-figure svg text", new() { HasText = "$14.3B" }).First).ToBeVisibleAsync();
        await Expect(page.Locator("figure.chart-figure .units")).ToContainTextAsync("US dollars");
        var table = await browser.TableViewAsync("Acquirers by total deal value");
        var meta = table.GetByRole(AriaRole.Row).Filter(new() { HasText = "Meta" });
        await Expect(meta).ToContainTextAsync("$14,300,000,000");

        await meta.GetByRole(AriaRole.Button).ClickAsync();
        var deals = page.GetByRole(AriaRole.Region, new() { Name = "Deals of one acquirer" });
        await Expect(deals.GetByRole(AriaRole.Link, new() { Name = "Meta Platforms – Scale AI" })).ToBeVisibleAsync();

        await browser.AccessibleAsync();
        await browser.ScreenshotAsync("deals");
        browser.NoErrors();
    }

    [Fact]
    public async Task The_Meta_Scale_AI_deal_page_lists_the_three_competing_figures_with_their_sources_and_says_why_14_3_billion_is_used()
    {
        await using var browser = await demo.NewPageAsync();
        await browser.SignInAsync(demo.Platform.CustomerKey);
        await browser.NavigateAsync("Deals");
        var table = await browser.TableViewAsync("Acquirers by total deal value");
        await table.GetByRole(AriaRole.Row).Filter(new() { HasText = "Meta" }).GetByRole(AriaRole.Button).ClickAsync();
        await browser.Page.GetByRole(AriaRole.Link, new() { Name = "Meta Platforms – Scale AI" }).ClickAsync();

        var page = browser.Page;
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Meta Platforms – Scale AI", Level = 1 })).ToBeVisibleAsync();
        Assert.EndsWith($"/app/deals/{demo.Ids["deal:meta-scale-ai"]}", page.Url, StringComparison.Ordinal);
        var claims = page.GetByRole(AriaRole.Table, new() { Name = "Every claim on the deal's terms, with its source, attribution and status" });
        var values = claims.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "value", Exact = true }) });
        await Expect(values).ToHaveCountAsync(3);
        await Expect(values.Filter(new() { HasText = "$14,000,000,000" })).ToContainTextAsync("Arabic news report");
        await Expect(values.Filter(new() { HasText = "$14,300,000,000" })).ToContainTextAsync("confirmed");
        await Expect(values.Filter(new() { HasText = "$14,300,000,000" })).ToContainTextAsync("yes, current");
        await Expect(values.Filter(new() { HasText = "$14,800,000,000" })).ToContainTextAsync("reported");

        var chosen = page.GetByRole(AriaRole.Region, new() { Name = "The value the platform uses" });
        await Expect(chosen).ToContainTextAsync("$14,300,000,000");
        await Expect(chosen).ToContainTextAsync("confirmed outranks reported");
        var implied = page.GetByRole(AriaRole.Region, new() { Name = "What the deal implies the whole target is worth" });
        await Expect(implied.Locator("p.figure")).ToContainTextAsync("$29,183,673,469");
        var pairs = implied.GetByRole(AriaRole.Table, new() { Name = "The valuation each pair of a value claim and a stake claim implies" });
        await Expect(pairs.GetByRole(AriaRole.Row).Filter(new() { HasText = "$28,571,428,571" })).ToContainTextAsync("Arabic news report");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Lifecycle" }).GetByRole(AriaRole.Listitem).First).ToContainTextAsync("Deal recorded");

        await browser.AccessibleAsync();
        await browser.ScreenshotAsync("deal");
        browser.NoErrors();
    }

    [Fact]
    public async Task Talent_flows_draw_Google_DeepMind_losing_at_least_20_to_Microsoft_marked_as_a_minimum()
    {
        await using var browser = await demo.NewPageAsync();
        await browser.SignInAsync(demo.Platform.CustomerKey);
        await browser.NavigateAsync("Talent flows");

        var page = browser.Page;
        await browser.ChartsDrawnAsync();
        await Expect(page.Locator("figure.chart-figure svg text", new() { HasText = "≥ 20" }).First).ToBeVisibleAsync();
        var table = await browser.TableViewAsync("People moving into and out of Google DeepMind");
        await Expect(table.GetByRole(AriaRole.Row).Filter(new() { HasText = "Microsoft" })).ToContainTextAsync("at least 20");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Moves with their sources" })).ToContainTextAsync("A group of at least 20");

        await browser.AccessibleAsync();
        await browser.ScreenshotAsync("flows");
        browser.NoErrors();
    }

    [Fact]
    public async Task Pay_benchmarks_show_the_small_senior_US_cell_as_suppressed_and_the_UK_band_with_its_GBP_rate()
    {
        await using var browser = await demo.NewPageAsync();
        await browser.SignInAsync(demo.Platform.CustomerKey);
        await browser.NavigateAsync("Pay benchmarks");

        var page = browser.Page;
        await browser.ChartsDrawnAsync();
        await Expect(page.Locator("figure.chart-figure svg text", new() { HasText = "suppressed" }).First).ToBeVisibleAsync();
        var table = await browser.TableViewAsync("Total (base + bonus + equity per year)");
        var senior = table.GetByRole(AriaRole.Row).Filter(new() { HasText = "senior · US" });
        // The rule the API names (its one report comes from one publisher), never a count.
        await Expect(senior).ToContainTextAsync("Suppressed: fewer than 3 contributors");
        // n, every percentile and the counts read "suppressed", never a blank or a zero.
        foreach (var column in new[] { 0, 1, 2, 3, 4, 5, 7, 8 })
        {
            await Expect(senior.GetByRole(AriaRole.Cell).Nth(column)).ToHaveTextAsync("suppressed");
        }

        // Bands and reported averages are drawn apart, each with its FX rate, the rate's date and source.
        await browser.ChartsDrawnAsync(2);
        var reported = await browser.TableViewAsync("Reported bands and averages");
        var band = reported.GetByRole(AriaRole.Row).Filter(new() { HasText = "base band" });
        await Expect(band).ToContainTextAsync("GBP 140,000 – GBP 300,000");
        await Expect(band).ToContainTextAsync("USD per GBP, rate of 20");
        await Expect(band).ToContainTextAsync("Federal Reserve");
        await Expect(reported.GetByRole(AriaRole.Row).Filter(new() { HasText = "base average" })).ToContainTextAsync("$175,000");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "How these figures were made" })).ToContainTextAsync("GBP: ");

        await browser.AccessibleAsync();
        await browser.ScreenshotAsync("pay");
        browser.NoErrors();
    }

    [Fact]
    public async Task Talent_vs_compute_sets_Deitkes_package_at_3_16_times_GPT_4s_training_cost_with_its_source()
    {
        await using var browser = await demo.NewPageAsync();
        await browser.SignInAsync(demo.Platform.CustomerKey);
        await browser.NavigateAsync("Talent vs compute");

        var page = browser.Page;
        await browser.ChartsDrawnAsync(2);
        var models = await browser.TableViewAsync("What it cost to train each model");
        var gpt4 = models.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "gpt-4", Exact = true }) });
        await Expect(gpt4).ToContainTextAsync("$79,000,000");
        await Expect(gpt4).ToContainTextAsync("Stanford AI Index Report 2025");
        var prices = await browser.TableViewAsync("Packages and deals as multiples of gpt-4");
        var deitke = prices.GetByRole(AriaRole.Row).Filter(new() { HasText = "Matt Deitke" });
        await Expect(deitke).ToContainTextAsync("3.16");
        await Expect(deitke).ToContainTextAsync("$62,500,000 over 4 years");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "The reference salary" })).ToContainTextAsync("$300,000");

        await browser.AccessibleAsync();
        await browser.ScreenshotAsync("compute");
        browser.NoErrors();
    }
}
