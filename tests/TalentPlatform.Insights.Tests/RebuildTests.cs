using TalentPlatform.Compensation.Contracts;
using TalentPlatform.Deals.Contracts;

namespace TalentPlatform.Insights.Tests;

/// <summary>Rebuilds happen beside the live read models, while events keep arriving, and end where a fold from scratch ends.</summary>
public sealed class RebuildTests(InsightsHost insights) : IClassFixture<InsightsHost>
{
    private readonly HttpClient _customer = insights.Host.ClientAs("customer");
    private readonly HttpClient _admin = insights.Host.ClientAs("admin");

    [Fact]
    public async Task A_rebuild_while_events_arrive_never_serves_half_built_answers_and_ends_equal_to_a_fold_from_scratch()
    {
        var acquirer = Messages.Unique("load");
        var role = Messages.Unique("ml-engineer");
        var (from, to) = (Messages.Unique("from"), Messages.Unique("to"));
        var load = Load(acquirer, role, from, to);
        var chunks = load.Chunk(25).ToList();
        await insights.ReadModelsCaughtUpAsync();

        await DeliverAsync(chunks[0]);
        using var started = await _admin.PostAsJsonAsync("/api/insights/admin/rebuilds", new { reason = "under load" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var delivering = Task.Run(async () =>
        {
            foreach (var chunk in chunks.Skip(1))
            {
                await DeliverAsync(chunk);
            }
        });

        // While it builds and swaps, every answer is whole: what it counts only ever grows.
        var seen = new List<int>();
        var rebuilt = await Eventually.UntilAsync(
            async token =>
            {
                seen.Add(await DealCountAsync(acquirer, token));
                return await _admin.GetFromJsonAsync<JsonObject>(started.Headers.Location!, token);
            },
            status => status!["state"]!.GetValue<string>() is "live" or "failed",
            TimeSpan.FromSeconds(120),
            "the rebuild under load to go live");
        await delivering;
        await insights.ReadModelsCaughtUpAsync();
        var underLoad = await AnswersAsync(acquirer, role, from);

        using var again = await _admin.PostAsJsonAsync("/api/insights/admin/rebuilds", new { reason = "from scratch, quietly" });
        var quiet = await Eventually.UntilAsync(
            token => _admin.GetFromJsonAsync<JsonObject>(again.Headers.Location!, token),
            status => status!["state"]!.GetValue<string>() is "live" or "failed",
            TimeSpan.FromSeconds(120),
            "the quiet rebuild to go live");
        await insights.ReadModelsCaughtUpAsync();
        var fromScratch = await AnswersAsync(acquirer, role, from);

        Assert.Equal("live", rebuilt!["state"]!.GetValue<string>());
        Assert.Equal("live", quiet!["state"]!.GetValue<string>());
        Assert.True(seen.Count > 1);
        Assert.Equal(seen.Order(), seen);
        // Each cell publishes in steps of at least five rows: what waits for the next step is in no total.
        var benchmark = await BenchmarkAsync(role);
        var published = benchmark["total"]!["n"]!.GetValue<int>();
        Assert.Equal(benchmark["cells"]!.AsArray().Sum(cell => cell!["n"]?.GetValue<int>() ?? 0), published);
        var reports = load.OfType<CompensationObserved>().Count() + load.OfType<CompensationObservedInBulk>().Sum(bulk => bulk.Reports.Count);
        Assert.InRange(published, reports / 2, reports);
        Assert.Equal(load.OfType<DealAnnounced>().Select(deal => deal.Deal.Id).Distinct().Count(), await DealCountAsync(acquirer, CancellationToken.None));
        Assert.Equal(fromScratch, underLoad);
        Assert.True(quiet["eventsDone"]!.GetValue<long>() >= load.Count);
        Assert.True(quiet["eventsPerSecond"]!.GetValue<double>() > 0);
    }

    /// <summary>Deals of one acquirer (some revised), pay reports of one role, moves between two organizations.</summary>
    private static List<object> Load(string acquirer, string role, string from, string to)
    {
        var messages = new List<object>();
        for (var i = 0; i < 100; i++)
        {
            var id = Guid.NewGuid();
            messages.Add(Messages.Deal(acquirer, 1_000m + i, id: id, version: 1));
            if (i % 4 == 0)
            {
                messages.Add(Messages.Deal(acquirer, 2_000m + i, id: id, version: 2) with { RecordedAt = Messages.RecordedAt.AddDays(1) });
            }

            messages.Add(Messages.Point(role, i % 2 == 0 ? "senior" : "mid", i % 3 == 0 ? "GB" : "US", 100_000m + (i * 1_000m), i % 3 == 0 ? "GBP" : "USD", publisher: i / 6));
            messages.Add(Messages.Group(from, to, 1 + (i % 5), minimum: i % 7 == 0));
        }

        // An import's chunk: sixty reports of the same role in one message, kept (and replayed) as one event.
        messages.Add(new CompensationObservedInBulk("imports-rebuild", [.. Enumerable.Range(0, 60).Select(i =>
            Messages.Point(role, "senior", "US", 150_000m + (i * 500m), publisher: i % Messages.Publishers.Length))]));
        return messages;
    }

    private async Task DeliverAsync(IEnumerable<object> messages)
    {
        var ids = new List<Guid>();
        foreach (var message in messages)
        {
            var id = Guid.NewGuid();
            ids.Add(id);
            await insights.PublishAsync(message, id);
        }

        foreach (var id in ids)
        {
            await insights.ConsumedAsync(id);
        }
    }

    private async Task<int> DealCountAsync(string acquirer, CancellationToken cancellationToken)
    {
        var table = await _customer.GetFromJsonAsync<JsonObject>($"/api/insights/deals/league-table?acquirer={acquirer}", cancellationToken);
        return table!["items"]!.AsArray().Select(item => item!["dealCount"]!.GetValue<int>()).FirstOrDefault();
    }

    private async Task<JsonObject> BenchmarkAsync(string role) =>
        (await _customer.GetFromJsonAsync<JsonObject>($"/api/insights/compensation/benchmarks?role={role}"))!;

    private async Task<List<string>> AnswersAsync(string acquirer, string role, string organization)
    {
        string[] questions =
        [
            $"/api/insights/deals/league-table?acquirer={acquirer}",
            $"/api/insights/deals/league-table/facts?acquirer={acquirer}&pageSize=200",
            $"/api/insights/compensation/benchmarks?role={role}",
            $"/api/insights/talent-flows?organization={organization}",
            "/api/insights/claims/quality",
            "/api/insights/market-heat?weeks=100",
            "/api/insights/talent-vs-compute",
        ];
        var answers = new List<string>();
        foreach (var question in questions)
        {
            answers.Add((await _customer.GetFromJsonAsync<JsonObject>(question))!.ToJsonString());
        }

        return answers;
    }
}
