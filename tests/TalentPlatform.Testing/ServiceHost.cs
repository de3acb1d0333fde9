using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace TalentPlatform.Testing;

/// <summary>
/// One TalentPlatform host under test, with its own database on the shared test server, owned by a login of
/// its own that may use nothing else (as <c>./deploy/up</c> sets it up), and the platform's broker entity
/// prefix. It holds the keys <c>./deploy/up</c> gives a host of its kind (<see cref="TestKeys"/>).
/// <see cref="Listen"/> puts it on a real loopback socket so other hosts (the gateway) can reach it over HTTP.
/// </summary>
public sealed class ServiceHost<TProgram> : WebApplicationFactory<TProgram>
    where TProgram : class
{
    private readonly string _projectDirectory;
    private readonly Dictionary<string, string?> _settings;
    private readonly TestServers? _servers;

    /// <param name="projectDirectory">The host's project folder from the repository root, for its appsettings.json.</param>
    /// <param name="database">The host's own database and login; both dropped when the host is disposed. Null for hosts without one.</param>
    /// <param name="keys">The platform keys the host is given; <see cref="TestKeys.Shared"/> when null.</param>
    public ServiceHost(
        TestServers servers,
        string projectDirectory,
        string? database,
        string entityPrefix,
        IReadOnlyDictionary<string, string?>? settings = null,
        TestKeys? keys = null)
        : this(projectDirectory, settings, keys)
    {
        if (database is not null)
        {
            _servers = servers;
            Login = servers.CreateDatabaseLogin(database);
            _settings.TryAdd("ConnectionStrings:Postgres", Login.ConnectionString);
        }

        Database = database;
        _settings.TryAdd("ConnectionStrings:Postgres", servers.Postgres);
        _settings.TryAdd("ConnectionStrings:RabbitMq", servers.RabbitMq);
        _settings.TryAdd("Talent:Database", database);
        _settings.TryAdd("Messaging:EntityPrefix", entityPrefix);
    }

    /// <summary>A host that needs no servers of its own.</summary>
    public ServiceHost(string projectDirectory, IReadOnlyDictionary<string, string?>? settings = null, TestKeys? keys = null)
    {
        _projectDirectory = projectDirectory;
        Keys = keys ?? TestKeys.Shared;
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        foreach (var (key, value) in Keys.SettingsFor(projectDirectory))
        {
            _settings.TryAdd(key, value);
        }
    }

    public string? Database { get; }

    /// <summary>
    /// Another instance of this host, as <c>./deploy/up --replicas</c> runs it: the same database, login, broker user,
    /// keys and settings, its PostgreSQL sessions named
    /// <paramref name="instance"/>. Its disposal drops nothing: the first instance owns the database.
    /// </summary>
    public ServiceHost<TProgram> AnotherInstance(string instance) => new(_projectDirectory, InstanceSettings(instance), Keys);

    /// <summary>Like <see cref="AnotherInstance"/>, in a process of its own (started, not yet ready).</summary>
    public ProcessHost AnotherProcess(string instance) => ProcessHost.Start(instance, _projectDirectory, InstanceSettings(instance));

    private Dictionary<string, string?> InstanceSettings(string instance) =>
        new(_settings, StringComparer.OrdinalIgnoreCase)
        {
            ["ConnectionStrings:Postgres"] = new NpgsqlConnectionStringBuilder(_settings["ConnectionStrings:Postgres"]) { ApplicationName = instance }.ConnectionString,
        };

    /// <summary>The host's own PostgreSQL login, which owns its database and nothing else.</summary>
    public DatabaseLogin? Login { get; }

    /// <summary>The keys the host holds, and which tests sign as the gateway with.</summary>
    public TestKeys Keys { get; }

    /// <summary>Replaces services of the host (such as its <see cref="TimeProvider"/>) before it starts.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>A setting as the host was given it.</summary>
    public string? Setting(string key) => _settings.GetValueOrDefault(key);

    /// <summary>The base address of the real socket, after <see cref="Listen"/>.</summary>
    public Uri Address { get; private set; } = new("http://localhost/");

    /// <summary>Serves on a free loopback port, beside the in-memory test server.</summary>
    public ServiceHost<TProgram> Listen()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        Address = new Uri(addresses.Addresses.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return this;
    }

    /// <summary>A client that calls the host as the gateway does for a caller with this role and tenant.</summary>
    public HttpClient ClientAs(string role, string tenant = "test") => CreateDefaultClient(Keys.Handler(role, tenant));

    /// <summary>
    /// Like <see cref="ClientAs"/>, over the real socket of <see cref="Listen"/>: for uploads that stream, break
    /// off or outgrow a limit, which only a real connection shows.
    /// </summary>
    public HttpClient SocketClientAs(string role, string tenant = "test") =>
        new(Keys.Handler(role, tenant, new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) })) { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(5) };

    /// <summary>Returns once the host reports ready: database, broker connection and consumers up.</summary>
    public async Task WaitUntilReadyAsync()
    {
        using var client = CreateClient();
        await Eventually.UntilAsync(
            async token =>
            {
                using var response = await client.GetAsync("/health/ready", token);
                return (await response.Content.ReadFromJsonAsync<JsonObject>(token))?["status"]?.GetValue<string>();
            },
            status => status == "Healthy",
            TimeSpan.FromSeconds(60),
            $"{typeof(TProgram).Namespace} to report ready");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseContentRoot(Path.Combine(RepositoryRoot.Path, _projectDirectory));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (TestServices is { } configure)
        {
            builder.ConfigureTestServices(configure);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_servers is not null && Login is not null)
        {
            try
            {
                await _servers.DropDatabaseLoginAsync(Login);
            }
            catch (PostgresException exception)
            {
                // Each fixture's database and login have unique names, so one left behind collides with nothing.
                await Console.Error.WriteLineAsync($"[test host] dropping {Login.Database} failed with PostgreSQL {exception.SqlState}: {exception.MessageText}");
            }
        }
    }

    /// <summary>Stops the host and keeps its database (other instances may still use it); disposal drops it.</summary>
    public async ValueTask StopAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // A fault test took the database away on purpose; stopping the host's store then fails to find it.
        }
        catch (PostgresException exception)
        {
            // The test is over and its answers are asserted: a background service caught mid-query while the host
            // stops must not fail the run, but it is said, with its code, so a real teardown fault stays visible.
            await Console.Error.WriteLineAsync($"[test host] {_projectDirectory} stopped with PostgreSQL {exception.SqlState}: {exception.MessageText}");
        }
    }
}

public static class RepositoryRoot
{
    /// <summary>The folder holding TalentPlatform.sln, found upwards from the test binaries.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "TalentPlatform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"TalentPlatform.sln was not found above {AppContext.BaseDirectory}.");
    }
}
