using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace TalentPlatform.Deals.Tests;

/// <summary>
/// Issue 19, F1: many writers on one stream, each naming the version it read. Exactly one wins each version;
/// the others are told so (412, or 409 when they lost the race at the commit), and the stream's versions have
/// no gap and no duplicate.
/// </summary>
public sealed class ConcurrentCommandsTests(DealsApi api) : IClassFixture<DealsApi>
{
    private const int Writers = 50;
    private const int Rounds = 3;

    private readonly HttpClient _client = api.Host.ClientAs("analyst");

    [Fact]
    public async Task Fifty_parallel_commands_with_the_same_expected_version_have_one_winner_per_version()
    {
        var id = await _client.RecordAsync("""{"type":"licence-and-hire","acquirer":"google","target":"windsurf","status":"rumoured"}""");
        for (var round = 1; round <= Rounds; round++)
        {
            using var read = await _client.GetAsync($"/api/deals/{id}");
            var etag = read.Headers.ETag!.ToString();
            Assert.Equal($"\"{round}\"", etag);

            var responses = await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => _client.PostJsonAsync(
                $"/api/deals/{id}/terms",
                $$$"""{"stakePercent":{{{writer + 1}}},"source":{"publisher":"Writer {{{writer}}}","publishedOn":"2025-06-12","attribution":"estimate","status":"reported"}}""",
                ("If-Match", etag))));

            var winners = responses.Where(response => response.StatusCode == HttpStatusCode.OK).ToList();
            Assert.True(winners.Count == 1, $"round {round}: {winners.Count} writers won version {round + 1}: {string.Join(", ", responses.Select(r => (int)r.StatusCode))}");
            Assert.Equal($"\"{round + 1}\"", winners[0].Headers.ETag?.ToString());
            foreach (var loser in responses.Except(winners))
            {
                Assert.True(loser.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict, $"a loser answered {(int)loser.StatusCode}");
                var problem = await loser.AssertProblemAsync(loser.StatusCode);
                Assert.False(string.IsNullOrEmpty(problem["title"]?.GetValue<string>()));
            }

            foreach (var response in responses)
            {
                response.Dispose();
            }
        }

        await using var query = api.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var versions = (await query.Events.FetchStreamAsync(id)).Select(@event => @event.Version).ToList();
        Assert.Equal(Enumerable.Range(1, Rounds + 1).Select(version => (long)version), versions);
        var deal = await _client.ReadAsync(id);
        Assert.Equal(Rounds + 1, deal["version"]!.GetValue<int>());
    }
}
