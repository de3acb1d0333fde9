using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace TalentPlatform.Security.Tests;

/// <summary>
/// Each host as an attacker who has taken it over: with its own database login and broker user, it reaches
/// nothing but its own database, and on the broker nothing but its own exchanges and queues.
/// </summary>
[Collection(AttackCollection.Name)]
public sealed class LeastPrivilegeAttacks(TestPlatform platform)
{
    private const ushort AccessRefused = 403;
    private const ushort NotFound = 404;

    [Fact]
    public async Task Each_hosts_database_login_reaches_its_own_database_and_no_other()
    {
        foreach (var (name, login) in Logins)
        {
            foreach (var (otherName, other) in Logins)
            {
                var connection = new NpgsqlConnectionStringBuilder(login.ConnectionString) { Database = other.Database, Pooling = false };
                if (name == otherName)
                {
                    await using var own = new NpgsqlConnection(connection.ConnectionString);
                    await own.OpenAsync();
                    continue;
                }

                var refused = await Assert.ThrowsAsync<PostgresException>(async () =>
                {
                    await using var foreign = new NpgsqlConnection(connection.ConnectionString);
                    await foreign.OpenAsync();
                });
                Assert.True(refused.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"{name} reaching {otherName}'s database: {refused.SqlState} {refused.MessageText}");
            }
        }
    }

    [Fact]
    public async Task No_hosts_login_is_a_superuser_or_may_create_databases_or_logins()
    {
        foreach (var (name, login) in Logins)
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(login.ConnectionString) { Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            await using (var rights = new NpgsqlCommand("select rolsuper or rolcreatedb or rolcreaterole or rolbypassrls from pg_roles where rolname = current_user", connection))
            {
                Assert.False((bool)(await rights.ExecuteScalarAsync())!, $"{name}'s login has rights beyond its database");
            }

            await using var create = new NpgsqlCommand($"create database \"stolen_{Guid.NewGuid():N}\"", connection);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => create.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }
    }

    [Theory]
    [InlineData("deals", "insights-deal-events")]
    [InlineData("deals", "insights.compensation-submissions")]
    [InlineData("people", "insights-people-events")]
    [InlineData("people", "insights.compensation-submissions")]
    [InlineData("compensation", "insights-compensation-events")]
    [InlineData("insights", "deals-no-such-queue")]
    public async Task A_services_broker_user_cannot_read_another_services_queues(string service, string queue)
    {
        Assert.Equal(AccessRefused, await GetAsync(service, platform.EntityPrefix + queue));

        // The user itself works: on a queue name of its own that does not exist, the broker says so instead.
        Assert.Equal(NotFound, await GetAsync(service, $"{platform.EntityPrefix}{service}-no-such-queue"));
    }

    [Theory]
    [InlineData("insights", "talent.deals.deal-announced")]
    [InlineData("insights", "talent.people.talent-moved")]
    [InlineData("insights", "talent.compensation.compensation-observed")]
    [InlineData("deals", "talent.people.person-registered")]
    [InlineData("people", "talent.deals.deal-announced")]
    [InlineData("compensation", "talent.deals.deal-announced")]
    [InlineData("deals", "insights.compensation-submissions")]
    [InlineData("people", "insights.compensation-submissions")]
    public async Task A_services_broker_user_cannot_publish_on_another_services_exchanges(string service, string exchange)
    {
        Assert.Equal(AccessRefused, await PublishAsync(service, platform.EntityPrefix + exchange));
    }

    [Theory]
    [InlineData("deals", "talent.deals.no-such-event")]
    [InlineData("people", "talent.people.no-such-event")]
    [InlineData("compensation", "talent.compensation.no-such-event")]
    public async Task A_publishers_broker_user_may_publish_on_its_own_exchanges(string service, string exchange)
    {
        // Allowed, so the broker gets as far as finding the exchange, which does not exist.
        Assert.Equal(NotFound, await PublishAsync(service, platform.EntityPrefix + exchange));
    }

    private IEnumerable<(string Name, DatabaseLogin Login)> Logins =>
    [
        ("deals", platform.Deals.Login!), ("people", platform.People.Login!), ("compensation", platform.Compensation.Login!),
        ("insights", platform.Insights.Login!), ("webhooks", platform.Webhooks.Login!), ("gateway", platform.Gateway.Login!),
    ];

    /// <summary>basic.get as the service's user: the reply code the broker closes the channel with (200: a message or none).</summary>
    private async Task<ushort> GetAsync(string service, string queue)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(platform.BrokerUsers.UriOf(service)) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            await channel.BasicGetAsync(queue, autoAck: false);
            return 200;
        }
        catch (OperationInterruptedException refused)
        {
            return refused.ShutdownReason?.ReplyCode ?? 0;
        }
    }

    /// <summary>basic.publish as the service's user, confirmed: the reply code the broker closes the channel with (200: accepted).</summary>
    private async Task<ushort> PublishAsync(string service, string exchange)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(platform.BrokerUsers.UriOf(service)) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        try
        {
            await channel.BasicPublishAsync(exchange, "", mandatory: false, new BasicProperties(), "{}"u8.ToArray());
            return 200;
        }
        catch (Exception exception) when (exception is OperationInterruptedException or PublishException or AlreadyClosedException)
        {
            return (exception as OperationInterruptedException)?.ShutdownReason?.ReplyCode ?? channel.CloseReason?.ReplyCode ?? 0;
        }
    }
}
