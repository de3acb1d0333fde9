using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using TalentPlatform.ServiceDefaults;
using DealsProgram = TalentPlatform.Deals.Program;
using GatewayProgram = TalentPlatform.Gateway.Program;

namespace TalentPlatform.Security.Tests;

/// <summary>
/// "A 201 is durable" needs PostgreSQL to flush each commit before it answers: every host reads
/// synchronous_commit through its own connection at start and refuses to run when it is off.
/// </summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task The_server_deploy_test_runs_commits_synchronously()
    {
        var servers = await TestServers.GetAsync();
        await using var connection = new NpgsqlConnection(servers.Postgres);
        await connection.OpenAsync();
        await using var show = new NpgsqlCommand("show synchronous_commit", connection);

        Assert.Equal("on", (string?)await show.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_service_refuses_to_start_on_a_database_that_answers_commits_before_they_are_durable()
    {
        await using var deals = await DealsOnAsynchronousCommitAsync(allowed: false);

        var failure = Assert.ThrowsAny<Exception>(() => deals.Server);

        Assert.Contains(Chain(failure), exception => exception is DurabilityException);
    }

    [Fact]
    public async Task A_service_told_to_allow_it_starts_anyway()
    {
        await using var deals = await DealsOnAsynchronousCommitAsync(allowed: true);

        await deals.WaitUntilReadyAsync();
    }

    [Fact]
    public async Task The_gateway_stops_once_it_finds_its_database_answers_commits_before_they_are_durable()
    {
        var servers = await TestServers.GetAsync();
        await using var gateway = new ServiceHost<GatewayProgram>(servers, "gateway/TalentPlatform.Gateway", $"talent_gateway_{Guid.NewGuid():N}", "unused.");
        await TurnOffSynchronousCommitAsync(servers, gateway.Database!);
        IHostApplicationLifetime lifetime;
        try
        {
            lifetime = gateway.Services.GetRequiredService<IHostApplicationLifetime>();
        }
        catch (ObjectDisposedException)
        {
            // The gateway found the setting and stopped (disposing its services) before the test factory had finished
            // starting it: the fastest form of what this test waits for.
            return;
        }

        await Eventually.UntilAsync(
            _ => Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested),
            stopping => stopping,
            TimeSpan.FromSeconds(60),
            "the gateway to stop");
    }

    private static async Task<ServiceHost<DealsProgram>> DealsOnAsynchronousCommitAsync(bool allowed)
    {
        var servers = await TestServers.GetAsync();
        var deals = new ServiceHost<DealsProgram>(
            servers,
            "services/Deals/TalentPlatform.Deals",
            $"talent_deals_{Guid.NewGuid():N}",
            $"test-{Guid.NewGuid():N}.",
            new Dictionary<string, string?> { [Durability.AllowAsynchronousCommitSetting] = allowed ? "true" : "false" });
        await TurnOffSynchronousCommitAsync(servers, deals.Database!);
        return deals;
    }

    /// <summary>On the database only, as an operator might for speed: the server stays as it is for every other test.</summary>
    private static async Task TurnOffSynchronousCommitAsync(TestServers servers, string database)
    {
        await using var connection = new NpgsqlConnection(servers.Postgres);
        await connection.OpenAsync();
        await using var alter = new NpgsqlCommand($"alter database \"{database}\" set synchronous_commit = off", connection);
        await alter.ExecuteNonQueryAsync();
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}
