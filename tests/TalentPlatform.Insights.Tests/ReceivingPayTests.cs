
namespace TalentPlatform.Insights.Tests;

/// <summary>Market pay reports are applied in batches; a batch must keep every report exactly once.</summary>
public sealed class ReceivingPayTests(InsightsHost insights) : IClassFixture<InsightsHost>
{
    private readonly HttpClient _customer = insights.Host.ClientAs("customer");

    [Fact]
    public async Task A_report_delivered_twice_or_republished_under_a_new_message_id_is_kept_once()
    {
        var role = Messages.Unique("research-scientist");
        var reports = Enumerable.Range(1, 5).Select(i => Messages.Point(role, "senior", "US", 100_000m * i, publisher: i)).ToList();
        var ids = reports.Select(_ => Guid.NewGuid()).ToList();
        var republished = Guid.NewGuid();

        await Task.WhenAll(reports.Select((report, i) => insights.PublishAsync(report, ids[i])));
        await insights.PublishAsync(reports[0], ids[0]);
        await insights.PublishAsync(reports[1], republished);
        foreach (var id in ids)
        {
            await insights.ConsumedAsync(id);
        }

        await insights.ConsumedAsync(ids[0], times: 2);
        await insights.ConsumedAsync(republished);

        var total = (await BenchmarkAsync(role))["total"]!;
        Assert.Equal(5, total["n"]!.GetValue<int>());
        Assert.Equal(300_000m, total["measures"]!["base"]!["p50"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task More_reports_than_one_batch_holds_are_all_kept()
    {
        var role = Messages.Unique("ml-engineer");
        var reports = Enumerable.Range(1, 1_200).Select(i => Messages.Point(role, "mid", "GB", 50_000m + i, "GBP", publisher: i)).ToList();
        var ids = reports.Select(_ => Guid.NewGuid()).ToList();

        await Task.WhenAll(reports.Select((report, i) => insights.PublishAsync(report, ids[i])));
        foreach (var id in ids)
        {
            await insights.ConsumedAsync(id);
        }

        // The cell publishes in steps (the rows since its last publication must be publishable): its facts list every report.
        await BenchmarkAsync(role);
        var listed = 0;
        for (var next = $"/api/insights/compensation/benchmarks/facts?role={role}&pageSize=200"; next is not null;)
        {
            var page = (await _customer.GetFromJsonAsync<JsonObject>(next))!;
            listed += page["items"]!.AsArray().Count;
            next = page["nextPage"]?.GetValue<string>();
        }

        Assert.Equal(1_200, listed);
    }

    private async Task<JsonObject> BenchmarkAsync(string role)
    {
        await insights.ReadModelsCaughtUpAsync();
        return (await _customer.GetFromJsonAsync<JsonObject>($"/api/insights/compensation/benchmarks?role={role}"))!;
    }
}
