using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace TalentPlatform.EndToEnd.Tests;

/// <summary>
/// An import is traced a chunk at a time: the chunk's span is recorded, and its rows travel on to Insights in the
/// chunk's trace without a recorded span each (a million rows would otherwise be two million spans to export).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ImportTracingTests(TestPlatform platform)
{
    [Fact]
    public async Task The_rows_of_an_import_reach_Insights_in_their_chunks_trace_without_a_recorded_span_each()
    {
        var chunks = new ConcurrentBag<Activity>();
        var received = new ConcurrentBag<ActivityContext>();
        var recorded = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "TalentPlatform.Imports" or "MassTransit",
            // As the platform's sampler decides (parent-based): a span whose parent was not sampled is not created.
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
            {
                if (options.Name.EndsWith("insights-deal-events receive", StringComparison.Ordinal))
                {
                    received.Add(options.Parent);
                }

                return options.Parent == default || options.Parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded)
                    ? ActivitySamplingResult.AllDataAndRecorded
                    : ActivitySamplingResult.None;
            },
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == "TalentPlatform.Imports")
                {
                    chunks.Add(activity);
                }
                else if (activity.Recorded)
                {
                    recorded.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var analyst = platform.Analyst();
        using var customer = platform.Customer();
        var acquirer = Api.UniqueSlug("traced-importer");
        var csv = new StringBuilder("type,acquirer,target,status,announcedOn,value.amount,value.currency\n");
        for (var n = 1; n <= 3; n++)
        {
            csv.Append($"acquisition,{acquirer},target-{n},announced,2025-06-12,{n}000000,USD\n");
        }

        using var response = await analyst.ImportAsync("deals", ImportApi.Csv, csv.ToString());
        var id = (await response.AcceptedImportAsync())["id"]!.GetValue<string>();
        Assert.Equal("completed", ImportApi.State(await analyst.FinishedImportAsync(id)));
        await Eventually.UntilAsync(
            token => Api.LeagueTableRowAsync(customer, acquirer, token),
            found => found?["dealCount"]?.GetValue<int>() == 3,
            TimeSpan.FromSeconds(60),
            "the imported deals in the league table");

        // The chunks of this import (receiving the upload, applying what it held, recording its end) are each recorded.
        var traces = chunks.Where(activity => activity.GetTagItem("talent.import.id") as string == id).ToList();
        Assert.NotEmpty(traces);
        Assert.All(traces, activity => Assert.True(activity.Recorded));
        var traceIds = traces.Select(activity => activity.TraceId).ToHashSet();
        // Each row's message names its chunk's trace, unsampled, so Insights continues that trace without recording it.
        var inChunks = await Eventually.UntilAsync(
            _ => Task.FromResult(received.Where(parent => traceIds.Contains(parent.TraceId)).ToList()),
            found => found.Count >= 3,
            TimeSpan.FromSeconds(30),
            "Insights receiving the imported deals in a chunk's trace");
        Assert.All(inChunks, parent => Assert.Equal(ActivityTraceFlags.None, parent.TraceFlags));
        Assert.DoesNotContain(recorded, activity => traceIds.Contains(activity.TraceId));
    }
}
