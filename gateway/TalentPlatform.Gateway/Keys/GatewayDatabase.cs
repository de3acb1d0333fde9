using Npgsql;

namespace TalentPlatform.Gateway.Keys;

/// <summary>
/// The gateway's database, configured like a service's: <c>ConnectionStrings:Postgres</c> names a server
/// where the gateway may create it, <c>Talent:Database</c> overrides its name (default <c>talent_gateway</c>).
/// </summary>
internal static class GatewayDatabase
{
    public const string DefaultName = "talent_gateway";

    public static string Name(IConfiguration configuration) => configuration["Talent:Database"] ?? DefaultName;

    public static IHostApplicationBuilder AddGatewayDatabase(this IHostApplicationBuilder builder)
    {
        // Built when first needed, so hosts and test factories can supply configuration late.
        builder.Services.AddSingleton(services =>
        {
            var configuration = services.GetRequiredService<IConfiguration>();
            var server = configuration.GetConnectionString("Postgres");
            if (string.IsNullOrWhiteSpace(server))
            {
                throw new InvalidOperationException(
                    "ConnectionStrings:Postgres is not set: the gateway keeps tenants and API keys in its own database " +
                    "(environment variable ConnectionStrings__Postgres, a server where it may create the database).");
            }

            return new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(server) { Database = Name(configuration) }.ConnectionString)
                .UseLoggerFactory(services.GetRequiredService<ILoggerFactory>())
                .Build();
        });
        builder.Services.AddSingleton<KeyStore>();
        builder.Services.AddSingleton<ApiKeyDirectory>();
        builder.Services.AddSingleton<KeyDirectoryRefresher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<KeyDirectoryRefresher>());
        builder.Services.AddHealthChecks().AddCheck<KeyDirectoryHealthCheck>("api-keys", tags: [TalentPlatform.ServiceDefaults.Health.Ready]);
        return builder;
    }
}
