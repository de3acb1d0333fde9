using System.Text.RegularExpressions;

namespace TalentPlatform.WebApp.Tests;

/// <summary>A platform of its own (its Insights host is stopped by one test) and a browser, for the error states.</summary>
public sealed class FaultPlatform : BrowserPlatform;

[CollectionDefinition(Name)]
public sealed class FaultCollection : ICollectionFixture<FaultPlatform>
{
    public const string Name = "faults in a browser";
}

/// <summary>What the app says, in words, when the platform answers 401, 429 or 5xx.</summary>
[Collection(FaultCollection.Name)]
public sealed class ErrorStateTests(FaultPlatform faults)
{
    [Fact]
    public async Task A_key_revoked_during_the_session_is_reported_as_401_with_a_way_to_sign_in_again()
    {
        var issued = await faults.Platform.IssueKeyAsync("webapp-revoked", "analyst", "browser session");
        await using var browser = await faults.NewPageAsync();
        await browser.SignInAsync(issued.Key);

        using (var admin = faults.Platform.Admin())
        {
            using var revoked = await admin.PostAsync($"/api/admin/keys/{issued.Id}/revoke", null);
            Assert.True(revoked.IsSuccessStatusCode, $"Revoking answered {revoked.StatusCode}");
        }

        // Every gateway instance refuses a revoked key within a second; the page is asked for until it does.
        var page = browser.Page;
        var alert = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "your API key was not accepted (401)" });
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        do
        {
            Assert.False(deadline.IsCancellationRequested, "The revoked key was still accepted after 30 s.");
            await page.GotoAsync("/app/record/claim");
            await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Claim form" })).ToHaveAttributeAsync("data-state", new Regex("shown|failed"));
        }
        while (await alert.CountAsync() == 0);

        await Expect(alert).ToContainTextAsync("Sign in again with a current key");
        await alert.GetByRole(AriaRole.Link, new() { Name = "Sign in again" }).ClickAsync();
        await Expect(page.GetByLabel("API key")).ToBeVisibleAsync();
        await browser.AccessibleAsync();
    }

    [Fact]
    public async Task Over_the_tenants_quota_the_page_says_429_and_when_to_try_again()
    {
        // The test platform holds this tenant to 1 request a second with bursts of 5. Another client of the tenant
        // keeps its bucket empty (10 requests a second, bounded in count and time) while the browser asks.
        var issued = await faults.Platform.IssueKeyAsync(TestPlatform.LimitedTenant, "analyst", "browser over quota");
        await using var browser = await faults.NewPageAsync();
        await browser.SignInAsync(issued.Key);
        using var other = faults.Platform.Client(issued.Key);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var draining = Task.Run(async () =>
        {
            using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            for (var i = 0; i < 900 && await pace.WaitForNextTickAsync(stop.Token); i++)
            {
                using var response = await other.GetAsync("/api/me", stop.Token);
            }
        });

        var page = browser.Page;
        var alert = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "over its request quota (429)" });
        try
        {
            for (var attempt = 0; attempt < 20 && await alert.CountAsync() == 0; attempt++)
            {
                await page.GotoAsync("/app/record/claim");
                await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Claim form" })).ToHaveAttributeAsync("data-state", new Regex("shown|failed"));
            }
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await draining;
            }
            catch (OperationCanceledException)
            {
                // Stopped on purpose.
            }
        }

        await Expect(alert).ToContainTextAsync(new Regex(@"Try again in \d+ seconds?\."));
        await browser.AccessibleAsync();
    }

    [Fact]
    public async Task With_Insights_down_the_page_says_the_platform_failed_to_answer_and_that_the_request_was_not_the_cause()
    {
        await using var browser = await faults.NewPageAsync();
        await browser.SignInAsync(faults.Platform.CustomerKey);

        await faults.Platform.Insights.DisposeAsync();

        var page = browser.Page;
        await browser.NavigateAsync("Deals");
        var alert = page.GetByRole(AriaRole.Region, new() { Name = "League table" }).GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync(new Regex(@"Could not load the league table: the platform failed to answer \(5\d\d\)\."));
        await Expect(alert).ToContainTextAsync("This is not caused by your request");
        await browser.AccessibleAsync();
        await browser.ScreenshotAsync("error-5xx");
    }

    [Fact]
    public async Task While_an_answer_is_on_its_way_the_page_says_what_it_is_loading()
    {
        await using var browser = await faults.NewPageAsync();
        await browser.SignInAsync(faults.Platform.AnalystKey);

        // Hold the deals list in the network until the loading text has been seen (the answer itself is the platform's).
        var page = browser.Page;
        var release = new TaskCompletionSource();
        await page.RouteAsync(new Regex(@"/api/deals\?pageSize=200$"), async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        await browser.NavigateAsync("Add a claim");
        var loading = page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Loading the deals…" });
        await Expect(loading).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Claim form" })).ToHaveAttributeAsync("aria-busy", "true");
        release.SetResult();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add the claim" })).ToBeVisibleAsync();
        await Expect(loading).ToHaveCountAsync(0);
    }
}
