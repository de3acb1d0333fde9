using JasperFx.Events.Projections;
using Marten;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using TalentPlatform.EventStore;
using TalentPlatform.Imports;
using TalentPlatform.Messaging;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Hosting;

/// <summary>
/// What every service host is: the service defaults, the gateway's forwarded identity, its own event
/// store (database <c>talent_{name}</c>) and its bus — then what this one adds. A host's
/// <c>Program.cs</c> is the list of those additions:
/// <code>
/// new PlatformService("deals").Snapshot&lt;Deal&gt;().Publishes&lt;DealIntegrationEvents&gt;().UseCase&lt;RecordDealEndpoint&gt;()….RunAsync(args)
/// </code>
/// Each write route a use case maps names its role policy once (<c>.RequireAuthorization(Policies.MarketWriter)</c>,
/// see <see cref="Policies"/>); a host with a write route that does not, does not start.
/// </summary>
public sealed class PlatformService(string name)
{
    private readonly List<Action<StoreOptions>> _store = [];
    private readonly List<Action<MartenServiceCollectionExtensions.MartenConfigurationExpression>> _marten = [];
    private readonly List<Action<IBusRegistrationConfigurator>> _consumers = [];
    private readonly List<Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator, string>> _receiveEndpoints = [];
    private readonly List<Action<WebApplicationBuilder>> _services = [];
    private readonly List<Action<WebApplication>> _endpoints = [];

    /// <summary>Keeps <typeparamref name="TState"/> inline with its events: commands fetch it with its version, reads query it.</summary>
    public PlatformService Snapshot<TState>()
        where TState : class => Store(options => options.Projections.Snapshot<TState>(SnapshotLifecycle.Inline));

    public PlatformService Store(Action<StoreOptions> configure)
    {
        _store.Add(configure);
        return this;
    }

    /// <summary>Publishes the service's integration events, mapped by <typeparamref name="TMapper"/>.</summary>
    public PlatformService Publishes<TMapper>()
        where TMapper : class, IIntegrationEventMapper
    {
        _marten.Add(marten => marten.PublishIntegrationEvents<TMapper>());
        return this;
    }

    /// <param name="receiveEndpoints">Queues named explicitly (given the entity prefix), for consumers excluded from the conventional ones.</param>
    public PlatformService Consumes(
        Action<IBusRegistrationConfigurator> consumers,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator, string>? receiveEndpoints = null)
    {
        _consumers.Add(consumers);
        if (receiveEndpoints is not null)
        {
            _receiveEndpoints.Add(receiveEndpoints);
        }

        return this;
    }

    /// <summary>Anything else the host registers (hosted services, options).</summary>
    public PlatformService Services(Action<WebApplicationBuilder> configure)
    {
        _services.Add(configure);
        return this;
    }

    /// <summary>Takes streamed imports (<c>POST /api/imports?kind=</c>) of the records this service owns.</summary>
    public PlatformService Imports(params IImportKind[] kinds)
    {
        _services.Add(builder => builder.AddImports(name, kinds));
        _endpoints.Add(app => app.MapImports());
        return this;
    }

    public PlatformService UseCase<TUseCase>()
        where TUseCase : IUseCase
    {
        _store.Add(TUseCase.Configure);
        _endpoints.Add(app => TUseCase.Map(app));
        return this;
    }

    public WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddGatewayIdentity();
        var marten = builder.AddEventStore($"talent_{name}", options => _store.ForEach(configure => configure(options)));
        _marten.ForEach(configure => configure(marten));
        builder.AddMessageBus(
            name,
            bus => _consumers.ForEach(configure => configure(bus)),
            (context, rabbit, prefix) => _receiveEndpoints.ForEach(configure => configure(context, rabbit, prefix)));
        _services.ForEach(configure => configure(builder));

        var app = builder.Build();
        app.UseServiceDefaults();
        _endpoints.ForEach(map => map(app));

        // The service checks the caller's role itself on every write, whatever the gateway decided.
        Policies.RequireOnEveryWriteRoute(app);
        return app;
    }

    public Task RunAsync(string[] args) => Build(args).RunAsync();
}
