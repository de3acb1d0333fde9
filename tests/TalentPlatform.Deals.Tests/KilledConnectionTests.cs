using System.Diagnostics;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace TalentPlatform.Deals.Tests;

/// <summary>
/// Issue 19, F2: Deals' database connections are killed (<c>pg_terminate_backend</c>) over and over while deals are
/// recorded, and some clients give up on an attempt mid-flight; every client sends its command again with the same
/// Idempotency-Key until it gets an answer. Every failed attempt is a 503 problem (never a 500), every command ends
/// with one 201, every 201 names a deal that was committed, and each command made exactly one deal.
/// </summary>
public sealed class KilledConnectionTests(DealsApi api) : IClassFixture<DealsApi>
{
    private const int Commands = 40;
    private const int AttemptsEach = 60;
    private static readonly TimeSpan KillEvery = TimeSpan.FromMilliseconds(15);

    [Fact]
    public async Task Commands_whose_connections_are_killed_and_sent_again_with_their_key_make_one_deal_each()
    {
        using var analyst = api.Host.ClientAs("analyst");
        var run = Guid.NewGuid().ToString("N")[..8];
        using var stop = new CancellationTokenSource();
        var killer = KillConnectionsAsync(stop.Token);

        var answers = await Task.WhenAll(Enumerable.Range(0, Commands).Select(i => RecordUntilAnsweredAsync(analyst, $"f2-{run}-{i}", i)));
        await stop.CancelAsync();
        var killed = await killer;

        Assert.True(killed > 0, "no connection was killed");
        var failures = answers.SelectMany(answer => answer.Failures).ToList();
        Assert.True(failures.All(status => status == HttpStatusCode.ServiceUnavailable), $"failed attempts answered {string.Join(", ", failures.Distinct())}");
        Assert.All(answers, answer => Assert.NotNull(answer.Id));

        // Each command made exactly one deal, and each 201 names one of them.
        await using var query = api.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var streams = await query.Events.QueryAllRawEvents().Select(@event => @event.StreamId).Distinct().ToListAsync();
        Assert.Equal(Commands, streams.Count);
        Assert.Equal(streams.Order(), answers.Select(answer => answer.Id!.Value).Order());
    }

    private static async Task<Answer> RecordUntilAnsweredAsync(HttpClient analyst, string key, int index)
    {
        var body = $$"""{"type":"acquisition","acquirer":"meta","target":"lab-{{index}}","value":{"amount":{{index + 1}}000000,"currency":"USD"},"announcedOn":"2025-06-12","status":"announced"}""";
        var failures = new List<HttpStatusCode>();
        for (var attempt = 1; attempt <= AttemptsEach; attempt++)
        {
            // Every third command gives up on its first attempts part-way, as a client whose connection drops would:
            // it cannot know whether the deal was recorded, so it sends the same key again.
            using var abandon = new CancellationTokenSource();
            if (index % 3 == 0 && attempt <= 3)
            {
                abandon.CancelAfter(TimeSpan.FromMilliseconds(2 + (index + attempt) % 10));
            }

            try
            {
                using var response = await analyst.PostJsonAsync("/api/deals", body, abandon.Token, ("Idempotency-Key", key));
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var id = Guid.Parse((await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
                    return new Answer(id, failures);
                }

                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
                }

                failures.Add(response.StatusCode);
            }
            catch (OperationCanceledException) when (abandon.IsCancellationRequested)
            {
                // Abandoned by the client: whatever happened, the next attempt finds out.
            }
        }

        return new Answer(null, failures);
    }

    /// <summary>Terminates every connection of Deals' own login, again and again, until stopped; returns how many it killed.</summary>
    private async Task<int> KillConnectionsAsync(CancellationToken stop)
    {
        await using var connection = new NpgsqlConnection(api.Servers.Postgres);
        await connection.OpenAsync(CancellationToken.None);
        await using var kill = new NpgsqlCommand(
            "select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity where usename = $1 and pid <> pg_backend_pid()",
            connection);
        kill.Parameters.AddWithValue(api.Host.Login!.Role);
        var killed = 0;
        var bound = Stopwatch.StartNew();
        using var pace = new PeriodicTimer(KillEvery);
        try
        {
            while (bound.Elapsed < TimeSpan.FromMinutes(2) && await pace.WaitForNextTickAsync(stop))
            {
                killed += (int)(long)(await kill.ExecuteScalarAsync(CancellationToken.None))!;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        return killed;
    }

    private sealed record Answer(Guid? Id, List<HttpStatusCode> Failures);
}
