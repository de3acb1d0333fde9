using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Testing;

/// <summary>
/// One TalentPlatform host under test, with its own database on the shared test server and the
/// platform's broker entity prefix. <see cref="Listen"/> puts it on a real loopback socket so other
/// hosts (the gateway) can reach it over HTTP.
/// </summary>
public sealed class ServiceHost<TProgram> : WebApplicationFactory<TProgram>
    where TProgram : class
{
    private readonly string _projectDirectory;
    private readonly Dictionary<string, string?> _settings;
    private readonly string? _postgres;

    /// <param name="projectDirectory">The host's project folder from the repository root, for its appsettings.json.</param>
    /// <param name="database">The host's own database; dropped when the host is disposed. Null for hosts without one.</param>
    public ServiceHost(
        TestServers servers,
        string projectDirectory,
        string? database,
        string entityPrefix,
        IReadOnlyDictionary<string, string?>? settings = null)
        : this(projectDirectory, settings)
    {
        _postgres = database is null ? null : servers.Postgres;
        Database = database;
        _settings.TryAdd("ConnectionStrings:Postgres", servers.Postgres);
        _settings.TryAdd("ConnectionStrings:RabbitMq", servers.RabbitMq);
        _settings.TryAdd("Talent:Database", database);
        _settings.TryAdd("Messaging:EntityPrefix", entityPrefix);
    }

    /// <summary>A host that needs no servers of its own (the gateway).</summary>
    public ServiceHost(string projectDirectory, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _projectDirectory = projectDirectory;
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        _settings.TryAdd(GatewayIdentity.SigningKeySetting, TestIdentity.SigningKey);
    }

    public string? Database { get; }

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
    public HttpClient ClientAs(string role, string tenant = "test") => CreateDefaultClient(new TestIdentity.Handler(role, tenant));

    /// <summary>
    /// Like <see cref="ClientAs"/>, over the real socket of <see cref="Listen"/>: for uploads that stream, break
    /// off or outgrow a limit, which only a real connection shows.
    /// </summary>
    public HttpClient SocketClientAs(string role, string tenant = "test") =>
        new(new TestIdentity.Handler(role, tenant) { InnerHandler = new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) } }) { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(5) };

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
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // A fault test took the database away on purpose; stopping the host's store then fails to find it.
        }

        if (_postgres is not null && Database is not null)
        {
            await using var connection = new NpgsqlConnection(_postgres);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists \"{Database}\" with (force)", connection);
            await drop.ExecuteNonQueryAsync();
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
