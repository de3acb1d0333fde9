using JasperFx.Events;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using TalentPlatform.ServiceDefaults;
using Weasel.Core;

namespace TalentPlatform.EventStore;

/// <summary>
/// One Marten event store per service, each in its own database, configured the same way everywhere.
/// </summary>
public static class EventStoreSetup
{
    /// <summary>
    /// Configuration keys: <c>ConnectionStrings:Postgres</c> (a server where the service may create its
    /// database) and <c>Talent:Database</c> (overrides the service's default database name).
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddEventStore(
        this IHostApplicationBuilder builder,
        string defaultDatabase,
        Action<StoreOptions> configure)
    {
        builder.Services.AddExceptionHandler<ConcurrencyExceptionHandler>();
        builder.Services.AddIdempotencyKeys();
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("postgres", tags: [Health.Ready])
            .AddCheck<ProjectionLagHealthCheck>("projection-lag", tags: [Health.Ready]);

        var marten = builder.Services
            .AddMarten(services =>
            {
                // Read when the store is built, not when services are registered, so hosts and test
                // factories can supply configuration late.
                var configuration = services.GetRequiredService<IConfiguration>();
                var options = new StoreOptions();
                options.Connection(DatabaseConnection(configuration, defaultDatabase));
                options.CreateDatabasesForTenants(databases => databases
                    .MaintenanceDatabase(ServerConnection(configuration))
                    .ForTenant()
                    .CheckAgainstPgDatabase());
                options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
                options.Logger(new RedactingMartenLogger(services.GetRequiredService<ILoggerFactory>()));

                options.Events.StreamIdentity = StreamIdentity.AsGuid;
                options.Events.EventNamingStyle = EventNamingStyle.SmarterTypeName;
                options.Events.MetadataConfig.HeadersEnabled = true;
                options.Events.MetadataConfig.CorrelationIdEnabled = true;
                options.Events.MetadataConfig.CausationIdEnabled = true;

                // Latency from append to subscribers lives here: wake the daemon on NOTIFY rather than
                // waiting for its next poll. The daemon drops notifications that arrive while it is
                // busy reading the high water mark, so its polls are the bound on a missed one: short
                // (a cheap query a few times a second) instead of the default 250 ms and 1 s.
                options.Events.UseListenNotifyForEventAppends = true;
                options.Projections.FastPollingTime = TimeSpan.FromMilliseconds(50);
                options.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(200);

                options.OpenTelemetry.TrackConnections = JasperFx.OpenTelemetry.TrackLevel.Normal;
                options.OpenTelemetry.TrackEventCounters();

                configure(options);
                return options;
            })
            .ApplyAllDatabaseChangesOnStartup()
            .AddAsyncDaemon(DaemonMode.HotCold)
            .BuildSessionsWith<TracingSessionFactory>();

        // After Marten's own start-up work, which creates the database when it may.
        builder.Services.AddHostedService(services => new DurabilityCheck(
            DatabaseConnection(services.GetRequiredService<IConfiguration>(), defaultDatabase),
            services.GetRequiredService<IConfiguration>(),
            services.GetRequiredService<ILogger<DurabilityCheck>>()));
        return marten;
    }

    /// <summary>Refuses to start the host when its database would not make a commit durable before answering (<see cref="Durability"/>).</summary>
    private sealed class DurabilityCheck(string connectionString, IConfiguration configuration, ILogger<DurabilityCheck> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await Durability.CheckAsync(connection, configuration, logger, cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>A session whose events carry the current trace.</summary>
    public static IDocumentSession OpenSession(IDocumentStore store)
    {
        var session = store.LightweightSession();
        TraceContext.Stamp(session);
        return session;
    }

    /// <summary>A session for one tenant's data (conjoined tenancy), whose events carry the current trace.</summary>
    public static IDocumentSession OpenSession(IDocumentStore store, string tenant)
    {
        var session = store.LightweightSession(tenant);
        TraceContext.Stamp(session);
        return session;
    }

    private static string DatabaseConnection(IConfiguration configuration, string defaultDatabase) =>
        new NpgsqlConnectionStringBuilder(ServerConnection(configuration))
        {
            Database = configuration["Talent:Database"] ?? defaultDatabase,
        }.ConnectionString;

    private static string ServerConnection(IConfiguration configuration)
    {
        var server = configuration.GetConnectionString("Postgres");
        return string.IsNullOrWhiteSpace(server)
            ? throw new InvalidOperationException(
                "ConnectionStrings:Postgres is not set: give an Npgsql connection string to a PostgreSQL server " +
                "where the service may create its database (environment variable ConnectionStrings__Postgres).")
            : server;
    }
}
