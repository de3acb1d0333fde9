using Marten;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Messaging;

/// <summary>
/// MassTransit on RabbitMQ, the same way in every service. Configuration keys:
/// <c>ConnectionStrings:RabbitMq</c> (an amqp:// URI with credentials), <c>Messaging:EntityPrefix</c>
/// (prefixes every exchange and queue, so that several test hosts can share one broker) and
/// <c>Messaging:QuorumQueues</c> (true in production clusters).
/// </summary>
public static class MessageBus
{
    /// <summary>In the name of the bus's own temporary queue, <c>&lt;service&gt;-bus-&lt;id&gt;</c>, which consumes no events.</summary>
    internal const string BusQueueMarker = "-bus-";

    /// <param name="configureEndpoints">Receive endpoints named explicitly (given the entity prefix), for
    /// consumers registered with <c>ExcludeFromConfigureEndpoints()</c>.</param>
    public static IHostApplicationBuilder AddMessageBus(
        this IHostApplicationBuilder builder,
        string serviceName,
        Action<IBusRegistrationConfigurator>? configureConsumers = null,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator, string>? configureEndpoints = null)
    {
        builder.Services.AddSingleton(services => new MessageSigner(services.GetRequiredService<IConfiguration>(), services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<MessageVerifier>();

        // Each consumer queue's depth and its error queue's, on the host's readiness (and so on the gateway's /health).
        builder.Services.AddSingleton<ReceiveQueues>();
        builder.Services.AddReceiveEndpointObserver(services => services.GetRequiredService<ReceiveQueues>());
        builder.Services.AddSingleton<QueueDepths>();
        builder.Services.AddHealthChecks().AddCheck<ConsumerQueuesHealthCheck>("consumers", tags: [Health.Ready]);
        if (configureConsumers is not null)
        {
            // Made with the rest of the schema at start, not on the first message: two instances receiving their
            // first messages at once would both create it, and one would fail (and retry) on the other's table.
            builder.Services.ConfigureMarten(options => options.Schema.For<ProcessedMessage>());
        }

        builder.Services.AddMassTransit(bus =>
        {
            bus.ConfigureHealthCheckOptions(health =>
            {
                health.Name = "rabbitmq";
                health.Tags.Add(Health.Ready);
                health.MinimalFailureStatus = HealthStatus.Unhealthy;
            });

            configureConsumers?.Invoke(bus);

            bus.UsingRabbitMq((context, rabbit) =>
            {
                // Read when the bus is built, so hosts and test factories can supply configuration late.
                var configuration = context.GetRequiredService<IConfiguration>();
                var prefix = configuration["Messaging:EntityPrefix"] ?? string.Empty;

                rabbit.Host(BrokerUri(configuration), serviceName);

                // The bus's own temporary queue is named after the service too, so that each service's broker user
                // may have rights on its own names only (see deploy/broker-users).
                rabbit.OverrideDefaultBusEndpointQueueName($"{prefix}{serviceName}{BusQueueMarker}{NewId.NextGuid():N}");
                rabbit.MessageTopology.SetEntityNameFormatter(new ContractEntityNameFormatter(prefix, rabbit.MessageTopology.EntityNameFormatter));
                if (configuration.GetValue("Messaging:QuorumQueues", false))
                {
                    rabbit.SetQuorumQueue();
                }

                configureEndpoints?.Invoke(context, rabbit, prefix);
                rabbit.ConfigureEndpoints(context, new KebabCaseEndpointNameFormatter(prefix + serviceName, includeNamespace: false));
            });
        });

        builder.Services.Configure<MassTransitHostOptions>(options =>
        {
            // A host whose broker is down still starts and serves; publishing waits for the broker.
            options.WaitUntilStarted = false;
            options.StopTimeout = TimeSpan.FromSeconds(15);
        });

        return builder;
    }

    internal static Uri BrokerUri(IConfiguration configuration)
    {
        var broker = configuration.GetConnectionString("RabbitMq");
        return !string.IsNullOrWhiteSpace(broker) && Uri.TryCreate(broker, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException(
                "ConnectionStrings:RabbitMq is not set to an amqp:// URI (environment variable ConnectionStrings__RabbitMq).");
    }
}

/// <summary>
/// Names the exchange of a contract after its owner and type — <c>talent.deals.deal-announced</c> for
/// <c>TalentPlatform.Deals.Contracts.DealAnnounced</c> — so the names internal teams bind to are stable,
/// readable and independent of .NET namespaces. Other message types keep MassTransit's default name.
/// </summary>
public sealed class ContractEntityNameFormatter(string prefix, IEntityNameFormatter fallback) : IEntityNameFormatter
{
    public string FormatEntityName<T>() => prefix + (ExchangeName(typeof(T)) ?? fallback.FormatEntityName<T>());

    public static string? ExchangeName(Type contract)
    {
        var parts = contract.Namespace?.Split('.');
        if (parts is not ["TalentPlatform", var service, "Contracts"] || contract.IsGenericType)
        {
            return null;
        }

        return $"talent.{Kebab(service)}.{Kebab(contract.Name)}";
    }

    private static string Kebab(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
