using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TalentPlatform.EventStore;
using DealsProgram = TalentPlatform.Deals.Program;

namespace TalentPlatform.Deals.Tests;

/// <summary>Deals on a clock the test moves, keeping idempotent answers for one hour and sweeping every minute.</summary>
public sealed class DealsOnAFakeClock() : DealsOnAClock(TimeSpan.FromMinutes(1));

/// <summary>The same, with a sweep that never comes within a test: what a request sees between expiry and sweep.</summary>
public sealed class DealsOnAFakeClockNeverSwept() : DealsOnAClock(TimeSpan.FromDays(30));

public abstract class DealsOnAClock(TimeSpan sweepInterval) : ServiceFixture<DealsProgram>("services/Deals/TalentPlatform.Deals", "deals")
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["IdempotencyKeys:Window"] = Window.ToString(),
        ["IdempotencyKeys:SweepInterval"] = sweepInterval.ToString(),
    };

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    public async Task<int> StoredAnswersAsync()
    {
        await using var query = Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await query.Query<IdempotentResponse>().CountAsync();
    }
}

internal static class ExpiryRequests
{
    public static string RumourOf(string org) => $$"""{"type":"acquihire","acquirer":"{{org}}","target":"a-lab","status":"rumoured"}""";

    public static async Task<int> DealsOfAsync(this HttpClient client, string org) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/deals?organization={org}"))!["totalItems"]!.GetValue<int>();
}

public sealed class IdempotencyExpiryTests(DealsOnAFakeClock api) : IClassFixture<DealsOnAFakeClock>
{
    private readonly HttpClient _client = api.Host.ClientAs("analyst");

    [Fact]
    public async Task A_key_replays_its_answer_within_the_window_and_after_the_sweep_is_a_new_command()
    {
        var org = $"exp-{Guid.NewGuid():N}"[..16];
        var body = ExpiryRequests.RumourOf(org);
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());

        using var first = await _client.PostJsonAsync("/api/deals", body, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(1, await api.StoredAnswersAsync());

        api.Clock.Advance(DealsOnAClock.Window - TimeSpan.FromMinutes(5));
        using var retry = await _client.PostJsonAsync("/api/deals", body, key);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(1, await _client.DealsOfAsync(org));

        // Past the window: the next sweep deletes the stored answer.
        api.Clock.Advance(TimeSpan.FromMinutes(10));
        await Eventually.UntilAsync(_ => api.StoredAnswersAsync(), count => count == 0, TimeSpan.FromSeconds(30), "the sweep to delete the expired answer");

        using var again = await _client.PostJsonAsync("/api/deals", body, key);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.False(again.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(first.Headers.Location, again.Headers.Location);
        Assert.Equal(2, await _client.DealsOfAsync(org));
        Assert.Equal(1, await api.StoredAnswersAsync());

        // The new answer is the one the key now replays.
        using var replayOfNew = await _client.PostJsonAsync("/api/deals", body, key);
        Assert.True(replayOfNew.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(again.Headers.Location, replayOfNew.Headers.Location);
        Assert.Equal(2, await _client.DealsOfAsync(org));
    }
}

public sealed class IdempotencyExpiryBeforeSweepTests(DealsOnAFakeClockNeverSwept api) : IClassFixture<DealsOnAFakeClockNeverSwept>
{
    private readonly HttpClient _client = api.Host.ClientAs("analyst");

    [Fact]
    public async Task A_key_sent_after_the_window_is_a_new_command_even_before_the_sweep()
    {
        var org = $"unswept-{Guid.NewGuid():N}"[..16];
        var body = ExpiryRequests.RumourOf(org);
        var key = ("Idempotency-Key", Guid.NewGuid().ToString());
        using var first = await _client.PostJsonAsync("/api/deals", body, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        api.Clock.Advance(DealsOnAClock.Window + TimeSpan.FromSeconds(1));
        using var again = await _client.PostJsonAsync("/api/deals", body, key);

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.False(again.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(first.Headers.Location, again.Headers.Location);
        Assert.Equal(2, await _client.DealsOfAsync(org));
        Assert.Equal(1, await api.StoredAnswersAsync());
    }
}
