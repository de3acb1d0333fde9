using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace TalentPlatform.Testing;

/// <summary>One service on its own, with its own database and broker prefix, shared by a test class.</summary>
public abstract class ServiceFixture<TProgram>(string projectDirectory, string service) : IAsyncLifetime
    where TProgram : class
{
    public string EntityPrefix { get; } = $"test-{Guid.NewGuid():N}.";

    public TestServers Servers { get; private set; } = null!;

    public ServiceHost<TProgram> Host { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Servers = await TestServers.GetAsync();
        Host = new ServiceHost<TProgram>(Servers, projectDirectory, $"talent_{service}_{Guid.NewGuid():N}", EntityPrefix, Settings)
        {
            TestServices = ConfigureTestServices,
        };
        _ = Host.Server;
    }

    /// <summary>Settings the host is given beyond the test servers'.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    /// <summary>Services replaced in the host, such as its clock.</summary>
    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    public virtual async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}
