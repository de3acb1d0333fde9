using TalentPlatform.Seed;

namespace TalentPlatform.WebApp.Tests;

/// <summary>
/// A whole platform of a test collection's own and a Chromium to open the web app its gateway serves at /app; the
/// browser starts while the platform does.
/// </summary>
public abstract class BrowserPlatform : IAsyncLifetime
{
    public TestPlatform Platform { get; } = new();

    public Chromium Chromium { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var browser = Chromium.LaunchAsync();
        await Platform.InitializeAsync();
        await PrepareAsync();
        Chromium = await browser;
    }

    public Task<BrowserPage> NewPageAsync() => Chromium.NewPageAsync(Platform.Gateway.Address);

    public async Task DisposeAsync()
    {
        if (Chromium is not null)
        {
            await Chromium.DisposeAsync();
        }

        await Platform.DisposeAsync();
    }

    /// <summary>What the collection needs on the platform before its tests run.</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;
}

/// <summary>The whole platform with the article's demo data loaded through its gateway (as ./deploy/up loads it), and a browser.</summary>
public sealed class DemoPlatform : BrowserPlatform
{
    /// <summary>The ids the demo data created, by their keys (deal:meta-scale-ai, ...).</summary>
    public IReadOnlyDictionary<string, string> Ids { get; private set; } = null!;

    protected override async Task PrepareAsync()
    {
        var requests = References.ReadFolder(Path.Combine(RepositoryRoot.Path, "deploy", "demo-data")).SelectMany(file => file.Requests).ToList();
        using (var analyst = Platform.Analyst())
        {
            var loader = new Loader(analyst, Progress.Silent());
            var loaded = await loader.LoadAsync(requests, CancellationToken.None);
            if (loaded.Failures.Count > 0)
            {
                throw new InvalidOperationException("The demo data did not load: " + string.Join("; ", loaded.Failures.Select(failure => $"{failure.Key}: {failure.Status} {failure.Problem}")));
            }

            Ids = loader.Ids;
        }

        // Insights has the demo data once the last figures the pages show have arrived.
        using var customer = Platform.Customer();
        await Eventually.UntilAsync(
            async token =>
            {
                var compute = await customer.GetFromJsonAsync<JsonObject>("/api/insights/talent-vs-compute", token);
                var flows = await customer.GetFromJsonAsync<JsonObject>("/api/insights/talent-flows?organization=google-deepmind", token);
                var table = await customer.GetFromJsonAsync<JsonObject>("/api/insights/deals/league-table?acquirer=meta", token);
                var pay = await customer.GetFromJsonAsync<JsonObject>("/api/insights/compensation/benchmarks?role=ml-engineer", token);
                return (Models: compute!["models"]!.AsArray().Count, Items: compute["items"]!.AsArray().Count, Out: flows!["outflow"]!["value"]!.GetValue<int>(),
                    Meta: table!["items"]!.AsArray().FirstOrDefault()?["totalValueUsd"]?.GetValue<decimal>(), Bands: pay!["total"]!["bands"]!.AsArray().Count);
            },
            seen => seen is { Models: 3, Items: 4, Out: 20, Meta: 14_300_000_000m, Bands: > 0 },
            TimeSpan.FromSeconds(90),
            "the demo data in Insights");
    }
}

[CollectionDefinition(Name)]
public sealed class DemoCollection : ICollectionFixture<DemoPlatform>
{
    public const string Name = "demo platform in a browser";
}
