using TalentPlatform.Testing;
using DealsProgram = TalentPlatform.Deals.Program;

namespace TalentPlatform.Deals.Tests;

/// <summary>The Deals service on its own, against the shared test PostgreSQL and RabbitMQ.</summary>
public sealed class DealsApi : IAsyncLifetime
{
    public string EntityPrefix { get; } = $"test-{Guid.NewGuid():N}.";

    public TestServers Servers { get; private set; } = null!;

    public ServiceHost<DealsProgram> Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Servers = await TestServers.GetAsync();
        Host = new ServiceHost<DealsProgram>(
            Servers,
            "services/Deals/TalentPlatform.Deals",
            $"talent_deals_{Guid.NewGuid():N}",
            EntityPrefix);
        _ = Host.Server;
    }

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}
