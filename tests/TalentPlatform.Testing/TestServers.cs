using System.Diagnostics;
using System.Security.Cryptography;
using DotNet.Testcontainers.Builders;
using Npgsql;
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

    /// <summary>
    /// A login that owns <paramref name="database"/> (created here) and may do nothing else: no superuser, no
    /// new databases or roles, and no other login may connect to its database — the layout <c>./deploy/up</c>
    /// gives each service (deploy/lib/servers.sh, talent_service_login). Needs CREATEROLE and CREATEDB on
    /// <see cref="Postgres"/>.
    /// </summary>
    public DatabaseLogin CreateDatabaseLogin(string database)
    {
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        using var connection = new NpgsqlConnection(Postgres);
        connection.Open();
        foreach (var statement in new[]
        {
            $"create role \"{database}\" login nosuperuser nocreatedb nocreaterole password '{password}'",
            // A database owned by another role may be created by a member of that role (PostgreSQL 15).
            $"grant \"{database}\" to current_user",
            $"create database \"{database}\" owner \"{database}\"",
            $"revoke all on database \"{database}\" from public",
        })
        {
            using var command = new NpgsqlCommand(statement, connection);
            command.ExecuteNonQuery();
        }

        return new DatabaseLogin(database, database, new NpgsqlConnectionStringBuilder(Postgres)
        {
            Username = database,
            Password = password,
            Database = database,
        }.ConnectionString);
    }

    public async Task DropDatabaseLoginAsync(DatabaseLogin login)
    {
        await using var connection = new NpgsqlConnection(Postgres);
        await connection.OpenAsync();
        foreach (var statement in new[] { $"drop database if exists \"{login.Database}\" with (force)", $"drop role if exists \"{login.Role}\"" })
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

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

/// <summary>A service's own PostgreSQL login and the one database it owns.</summary>
public sealed record DatabaseLogin(string Role, string Database, string ConnectionString);

/// <summary>Takes the broker away and gives it back, to prove that nothing is lost meanwhile; manages its users.</summary>
public interface IBrokerControl
{
    Task StopAsync();

    /// <summary>Starts the broker and returns once it accepts connections again.</summary>
    Task StartAsync();

    /// <summary>Runs <c>rabbitmqctl</c> with these arguments and returns what it printed; throws when it fails.</summary>
    Task<string> RunAsync(params string[] arguments);

    /// <summary><c>rabbitmqctl import_definitions</c> of this JSON (users, permissions), which the broker applies shortly after.</summary>
    Task ImportDefinitionsAsync(string json);
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

    public Task<string> RunAsync(params string[] arguments) => RunWithInputAsync(null, arguments);

    // On standard input: the broker's tools run as its own user, who may not read the test's files.
    public Task ImportDefinitionsAsync(string json) => RunWithInputAsync(json, "import_definitions");

    private async Task<string> RunWithInputAsync(string? input, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{command} did not start.");
        await process.StandardInput.WriteAsync(input ?? "");
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await errors}");
    }
}

internal sealed class ContainerBrokerControl(RabbitMqContainer container) : IBrokerControl
{
    public Task StopAsync() => RunAsync("stop_app");

    public async Task StartAsync()
    {
        await RunAsync("start_app");
        await RunAsync("await_startup");
    }

    public async Task ImportDefinitionsAsync(string json)
    {
        const string file = "/tmp/talent-definitions.json";
        await container.CopyAsync(System.Text.Encoding.UTF8.GetBytes(json), file);
        await RunAsync("import_definitions", file);
    }

    public async Task<string> RunAsync(params string[] arguments)
    {
        var result = await container.ExecAsync(["rabbitmqctl", .. arguments]);
        return result.ExitCode == 0
            ? result.Stdout
            : throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.Stderr}");
    }
}

internal sealed class UnavailableBrokerControl(string reason) : IBrokerControl
{
    public Task StopAsync() => throw new InvalidOperationException(reason);

    public Task StartAsync() => throw new InvalidOperationException(reason);

    public Task<string> RunAsync(params string[] arguments) => throw new InvalidOperationException(reason);

    public Task ImportDefinitionsAsync(string json) => throw new InvalidOperationException(reason);
}
