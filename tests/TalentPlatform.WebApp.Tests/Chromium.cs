using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace TalentPlatform.WebApp.Tests;

/// <summary>
/// Debian's Chromium (package <c>chromium</c>, which ./deploy/test installs when missing), driven by Playwright:
/// browser downloads are not reachable here, so Playwright is pointed at the installed binary
/// (<c>TALENT_CHROMIUM</c> overrides the path).
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    private IPlaywright? _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static string ExecutablePath => Environment.GetEnvironmentVariable("TALENT_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<Chromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"No Chromium at {ExecutablePath}: install Debian's chromium package (./deploy/test does) or set TALENT_CHROMIUM.");
        }

        // Waits in these tests are Playwright's own (auto-waiting locators, expect with a timeout); the machine is shared and slow.
        SetDefaultExpectTimeout(30_000);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Timeout = 120_000,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return new Chromium(playwright, browser);
    }

    /// <summary>A fresh browser context (its own session storage) on the gateway, and a page in it that records console errors.</summary>
    public async Task<BrowserPage> NewPageAsync(Uri gateway)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = gateway.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        return new BrowserPage(context, page);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright?.Dispose();
        _playwright = null;
    }
}

/// <summary>One page in its own browser context, with what the page wrote to the console as errors.</summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    public BrowserPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => Errors.Add(error);
    }

    public IPage Page { get; }

    /// <summary>Console errors and uncaught exceptions (a Content-Security-Policy violation is one).</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Signs in through the sign-in form, as a user does, and waits for the market overview.</summary>
    public async Task SignInAsync(string key, string path = "/app/")
    {
        await Page.GotoAsync(path);
        await Page.GetByLabel("API key").FillAsync(key);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.GetByText("Signed in as")).ToBeVisibleAsync();
    }

    /// <summary>Goes to a page of the app by following the app's own navigation (no reload, as a user clicks).</summary>
    public async Task NavigateAsync(string linkText)
    {
        await Page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = linkText, Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
    }

    /// <summary>Waits for every chart on the page to be drawn (an SVG inside each chart figure).</summary>
    public async Task ChartsDrawnAsync(int atLeast = 1)
    {
        var charts = Page.Locator("figure.chart-figure .chart[data-rendered='true'] svg");
        await Expect(charts.Nth(atLeast - 1)).ToBeVisibleAsync();
    }

    /// <summary>Opens a chart's table view (a disclosure) by keyboard and returns its table.</summary>
    public async Task<ILocator> TableViewAsync(string title)
    {
        var summary = Page.Locator("details.table-view > summary", new() { HasTextRegex = new Regex($"^Table view: {Regex.Escape(title)}") });
        await summary.FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        var table = summary.Locator("xpath=..").Locator("table");
        await Expect(table).ToBeVisibleAsync();
        return table;
    }

    /// <summary>The page has no serious or critical accessibility violation by axe's rules.</summary>
    public async Task AccessibleAsync()
    {
        var results = await Page.RunAxe();
        var serious = results.Violations.Where(violation => violation.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"axe found on {Page.Url}:\n" + string.Join("\n", serious.Select(Describe)));
    }

    private static string Describe(AxeResultItem violation) =>
        $"{violation.Impact} {violation.Id}: {violation.Help} — {string.Join(" | ", violation.Nodes.Take(3).Select(node => node.Html))}";

    /// <summary>Saves a full-page screenshot under .local/screenshots/ (not committed; docs/screenshots holds the current ones).</summary>
    public async Task ScreenshotAsync(string name)
    {
        var folder = Path.Combine(RepositoryRoot.Path, ".local", "screenshots");
        Directory.CreateDirectory(folder);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
    }

    /// <summary>No console error, no uncaught exception: a CSP violation or a failed script shows here.</summary>
    public void NoErrors() => Assert.True(Errors.Count == 0, "The page reported errors:\n" + string.Join("\n", Errors));

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
