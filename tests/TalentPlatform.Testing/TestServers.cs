using System.Diagnostics;
using DotNet.Testcontainers.Builders;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace TalentPlatform.Testing;

/// <summary>The PostgreSQL and RabbitMQ servers every test in the process shares.</summary>
/// <param name="Postgres">An Npgsql connection string to a server where tests may create databases.</param>
/// <param name="RabbitMq">An amqp:// URI.</param>
/// <param name="Broker">Stops and starts the broker, for fault tests.</param>
public sealed record TestServers(string Postgres, string RabbitMq, IBrokerControl Broker)
{
    private static readonly Lazy<Task<TestServers>> Shared = new(StartAsync);

    /// <summary>
    /// TALENT_POSTGRES and TALENT_RABBITMQ when set (with TALENT_RABBITMQCTL to control the broker), else
    /// containers where a Docker engine answers. With neither, every test that needs a server fails and
    /// says so: a test never skips silently.
    /// </summary>
    public static Task<TestServers> GetAsync() => Shared.Value;

    private static async Task<TestServers> StartAsync()
    {
        var postgres = Environment.GetEnvironmentVariable("TALENT_POSTGRES");
        var rabbitMq = Environment.GetEnvironmentVariable("TALENT_RABBITMQ");
        var control = Environment.GetEnvironmentVariable("TALENT_RABBITMQCTL");
        IBrokerControl broker = string.IsNullOrWhiteSpace(control)
            ? new UnavailableBrokerControl("TALENT_RABBITMQCTL is not set: nothing can stop and start the broker given by TALENT_RABBITMQ.")
            : new CommandBrokerControl(control);

        try
        {
            if (string.IsNullOrWhiteSpace(postgres))
            {
                var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
                await container.StartAsync();
                postgres = container.GetConnectionString();
            }

            if (string.IsNullOrWhiteSpace(rabbitMq))
            {
                var container = new RabbitMqBuilder("rabbitmq:3-management-alpine").Build();
                await container.StartAsync();
                rabbitMq = container.GetConnectionString();
                broker = new ContainerBrokerControl(container);
            }
        }
        catch (DockerUnavailableException exception)
        {
            throw new InvalidOperationException(
                "These tests need PostgreSQL and RabbitMQ. Set TALENT_POSTGRES (an Npgsql connection string) and " +
                "TALENT_RABBITMQ (an amqp:// URI), or run them with ./deploy/test, which starts both. " +
                "No Docker engine answered for Testcontainers either.",
                exception);
        }

        return new TestServers(postgres, rabbitMq, broker);
    }
}

/// <summary>Takes the broker away and gives it back, to prove that nothing is lost meanwhile.</summary>
public interface IBrokerControl
{
    Task StopAsync();

    /// <summary>Starts the broker and returns once it accepts connections again.</summary>
    Task StartAsync();
}

/// <summary>Runs <c>$TALENT_RABBITMQCTL stop_app | start_app | await_startup</c> (deploy/lib/broker-ctl).</summary>
internal sealed class CommandBrokerControl(string command) : IBrokerControl
{
    public Task StopAsync() => RunAsync("stop_app");

    public async Task StartAsync()
    {
        await RunAsync("start_app");
        await RunAsync("await_startup");
    }

    private async Task RunAsync(string verb)
    {
        using var process = Process.Start(new ProcessStartInfo(command, verb)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"{command} did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {verb} exited with {process.ExitCode}: {await output}{await errors}");
        }
    }
}

internal sealed class ContainerBrokerControl(RabbitMqContainer container) : IBrokerControl
{
    public Task StopAsync() => ExecAsync("stop_app");

    public async Task StartAsync()
    {
        await ExecAsync("start_app");
        await ExecAsync("await_startup");
    }

    private async Task ExecAsync(string verb)
    {
        var result = await container.ExecAsync(["rabbitmqctl", verb]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {verb} exited with {result.ExitCode}: {result.Stderr}");
        }
    }
}

internal sealed class UnavailableBrokerControl(string reason) : IBrokerControl
{
    public Task StopAsync() => throw new InvalidOperationException(reason);

    public Task StartAsync() => throw new InvalidOperationException(reason);
}
