namespace TalentPlatform.WebApp.Tests;

/// <summary>Signing in with a key typed once, kept for the browser session only, and navigation by role.</summary>
[Collection(DemoCollection.Name)]
public sealed class SessionTests(DemoPlatform demo)
{
    private static readonly string[] ReadPages = ["Market overview", "Deals", "Talent flows", "Pay benchmarks", "Talent vs compute"];
    private static readonly string[] AnalystPages = ["Record a deal", "Add a claim", "Record a move", "Import"];

    [Fact]
    public async Task A_customer_sees_the_read_pages_and_payroll_upload_but_no_market_write_form()
    {
        await using var browser = await demo.NewPageAsync();
        await browser.SignInAsync(demo.Platform.CustomerKey);

        var navigation = browser.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        foreach (var name in ReadPages.Append("Upload payroll"))
        {
            await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToBeVisibleAsync();
        }

        foreach (var name in AnalystPages)
        {
            await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToHaveCountAsync(0);
        }

        await Expect(browser.Page.GetByText("Signed in as customer (tenant test)")).ToBeVisibleAsync();

        // Typing a write page's address shows why, not a form.
        await browser.Page.GotoAsync("/app/record/deal");
        await Expect(browser.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Your role (customer) may not record a deal");
        await Expect(browser.Page.Locator("form.record")).ToHaveCountAsync(0);
        await Expect(browser.Page.GetByRole(AriaRole.Button, new() { Name = "Record the deal" })).ToHaveCountAsync(0);
        browser.NoErrors();
    }

    [Fact]
    public async Task An_analyst_sees_the_write_forms_and_no_payroll_upload()
    {
        await using var browser = await demo.NewPageAsync();
        await browser.SignInAsync(demo.Platform.AnalystKey);

        var navigation = browser.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        foreach (var name in ReadPages.Concat(AnalystPages))
        {
            await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToBeVisibleAsync();
        }

        await Expect(navigation.GetByRole(AriaRole.Link, new() { Name = "Upload payroll" })).ToHaveCountAsync(0);
        await browser.NavigateAsync("Record a deal");
        await Expect(browser.Page.GetByRole(AriaRole.Button, new() { Name = "Record the deal" })).ToBeVisibleAsync();
        browser.NoErrors();
    }

    [Fact]
    public async Task An_admin_sees_the_analysts_forms()
    {
        await using var browser = await demo.NewPageAsync();
        await browser.SignInAsync(demo.Platform.AdminKey);

        await Expect(browser.Page.GetByText("Signed in as admin")).ToBeVisibleAsync();
        await Expect(browser.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Import", Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_key_lives_in_session_storage_only_never_in_an_address_and_signing_out_forgets_it()
    {
        await using var browser = await demo.NewPageAsync();
        var page = browser.Page;
        var addresses = new List<string>();
        page.Request += (_, request) => addresses.Add(request.Url);

        await browser.SignInAsync(demo.Platform.AnalystKey, "/app/deals");

        // Sent back where it was going, as the key's header: never in an address, never in local storage or a cookie.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Deals", Level = 1 })).ToBeVisibleAsync();
        Assert.Equal(demo.Platform.AnalystKey, await page.EvaluateAsync<string?>("() => sessionStorage.getItem('talent.apiKey')"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => localStorage.length"));
        Assert.Empty(await page.Context.CookiesAsync());
        await browser.NavigateAsync("Talent flows");
        await browser.NavigateAsync("Record a deal");
        Assert.DoesNotContain(addresses, address => address.Contains(demo.Platform.AnalystKey, StringComparison.Ordinal));

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('talent.apiKey')"));

        // Signed out, a page's address leads to the sign-in form, not to the page.
        await page.GotoAsync("/app/pay");
        await Expect(page.GetByLabel("API key")).ToBeVisibleAsync();
        Assert.Contains("/app/sign-in", page.Url, StringComparison.Ordinal);
        browser.NoErrors();
    }

    [Fact]
    public async Task A_new_tab_of_the_same_browser_is_not_signed_in()
    {
        await using var browser = await demo.NewPageAsync();
        await browser.SignInAsync(demo.Platform.CustomerKey);

        var second = await browser.Page.Context.NewPageAsync();
        await second.GotoAsync("/app/deals");
        await Expect(second.GetByLabel("API key")).ToBeVisibleAsync();
        Assert.Null(await second.EvaluateAsync<string?>("() => sessionStorage.getItem('talent.apiKey')"));
    }

    [Fact]
    public async Task A_wrong_key_is_refused_in_words_and_the_form_can_be_used_by_keyboard_alone()
    {
        await using var browser = await demo.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync("/app/");

        // The skip link first; it leads to the content, whose first field is the key; Enter submits.
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("API key")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("tp_customer_not-a-key");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("your API key was not accepted (401)");
        await Expect(page.GetByLabel("API key")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('talent.apiKey')"));
        await browser.AccessibleAsync();
        await browser.ScreenshotAsync("sign-in");
    }
}
