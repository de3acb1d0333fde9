using Npgsql;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Gateway.Keys;

/// <summary>
/// Keeps <see cref="ApiKeyDirectory"/> current on this instance: creates the database and tables on first
/// start, LISTENs for the NOTIFY every key change sends, reloads the active keys when one arrives, and
/// between notifications asks for the change counter every <c>Gateway:Keys:PollInterval</c> (default
/// 500 ms), so a notification lost with a dropped connection delays a revocation by one poll at most.
/// </summary>
internal sealed partial class KeyDirectoryRefresher(
    KeyStore store,
    ApiKeyDirectory directory,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    ILogger<KeyDirectoryRefresher> logger) : BackgroundService
{
    private readonly TimeSpan _pollInterval = configuration.GetValue("Gateway:Keys:PollInterval", TimeSpan.FromMilliseconds(500));
    private readonly TaskCompletionSource _firstLoad = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _schemaReady;
    private bool _durabilityChecked;

    /// <summary>Completes once the issued keys have been loaded the first time.</summary>
    public Task FirstLoad => _firstLoad.Task;

    /// <summary>Reloads at once, for the instance that just changed a key: it answers with the change applied.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var (generation, keys) = await store.ActiveKeysAsync(cancellationToken);
        directory.Replace(generation, keys);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (DurabilityException exception)
            {
                // The gateway starts without its database (bootstrap keys work meanwhile), so this is the first
                // moment it can tell: stop, as a service host refuses to start.
                LogNotDurable(exception.Message);
                lifetime.StopApplication();
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                failures++;
                if (failures == 1 || failures % 30 == 0)
                {
                    LogRefreshFailed(exception.GetType().Name, failures);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(200 * failures, 2000)), stoppingToken);
                continue;
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        if (!_schemaReady)
        {
            await KeyStore.EnsureCreatedAsync(configuration.GetConnectionString("Postgres")!, GatewayDatabase.Name(configuration), store.Database, stoppingToken);
            _schemaReady = true;
        }

        await using var connection = await store.Database.OpenConnectionAsync(stoppingToken);
        if (!_durabilityChecked)
        {
            await Durability.CheckAsync(connection, configuration, logger, stoppingToken);
            _durabilityChecked = true;
        }

        var notified = false;
        connection.Notification += (_, _) => notified = true;
        await using (var listen = new NpgsqlCommand($"listen {KeyStore.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        // Loaded after LISTEN, so no change can fall between the load and the first notification.
        await RefreshAsync(stoppingToken);
        _firstLoad.TrySetResult();
        while (!stoppingToken.IsCancellationRequested)
        {
            notified = false;
            await connection.WaitAsync(_pollInterval, stoppingToken);
            var generation = await store.GenerationAsync(connection, stoppingToken);
            if (generation < directory.Generation)
            {
                directory.ForgetGeneration();
            }

            if (notified || generation != directory.Generation)
            {
                await RefreshAsync(stoppingToken);
            }
            else
            {
                directory.Confirm(generation);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Stopping the gateway: {Reason}")]
    private partial void LogNotDurable(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot refresh the issued API keys ({Error}, {Failures} failures in a row); retrying")]
    private partial void LogRefreshFailed(string error, int failures);
}
