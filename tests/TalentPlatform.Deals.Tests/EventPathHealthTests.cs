using DealsProgram = TalentPlatform.Deals.Program;

namespace TalentPlatform.Deals.Tests;

/// <summary>Deals as <c>./deploy/up</c> starts it after its second restart, on a broker where no queue holds its events yet.</summary>
public sealed class SupervisedDeals() : ServiceFixture<DealsProgram>("services/Deals/TalentPlatform.Deals", "deals")
{
    public const string LastExit = "2026-12-02T14:00:00Z signal KILL (code 137) after 75s";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Talent:Supervisor:Restarts"] = "2",
        ["Talent:Supervisor:LastExit"] = LastExit,
    };
}

/// <summary>
/// Issue 19: what ops need to see a stuck pipeline on a service's health — how often its supervisor restarted it, and
/// how far its publisher trails the store, naming the event it is stuck on.
/// </summary>
public sealed class EventPathHealthTests(SupervisedDeals deals) : IClassFixture<SupervisedDeals>
{
    [Fact]
    public async Task A_host_the_supervisor_restarted_says_how_often_and_how_it_last_exited()
    {
        var supervisor = (await HealthAsync("/health/live"))["checks"]!["supervisor"]!;

        Assert.Equal("Healthy", supervisor["status"]!.GetValue<string>());
        Assert.Equal(2, supervisor["data"]!["restarts"]!.GetValue<int>());
        Assert.Equal(SupervisedDeals.LastExit, supervisor["data"]!["lastExit"]!.GetValue<string>());
    }

    private async Task<JsonObject> HealthAsync(string path)
    {
        using var client = deals.Host.CreateClient();
        // 503 when a check is unhealthy: the report is the body either way.
        using var response = await client.GetAsync(path);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
