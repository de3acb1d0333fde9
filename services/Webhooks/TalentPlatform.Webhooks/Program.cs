using TalentPlatform.Webhooks.Delivering;
using TalentPlatform.Webhooks.DeletingSubscriptions;
using TalentPlatform.Webhooks.GettingDeliveries;
using TalentPlatform.Webhooks.GettingSubscriptions;
using TalentPlatform.Webhooks.PausingSubscriptions;
using TalentPlatform.Webhooks.Receiving;
using TalentPlatform.Webhooks.Redelivering;
using TalentPlatform.Webhooks.RotatingSecrets;
using TalentPlatform.Webhooks.Subscribing;

namespace TalentPlatform.Webhooks;

public sealed class Program
{
    public static Task Main(string[] args) => new PlatformService("webhooks")
        .Consumes(ReceivedEvents.Consumers)
        .Services(Dispatcher.Register)
        .UseCase<SubscribeEndpoint>()
        .UseCase<GetSubscriptionEndpoints>()
        .UseCase<PauseSubscriptionEndpoints>()
        .UseCase<DeleteSubscriptionEndpoint>()
        .UseCase<RotateSecretEndpoint>()
        .UseCase<GetDeliveriesEndpoints>()
        .UseCase<RedeliverEndpoint>()
        .UseCase<ReplayEndpoint>()
        .RunAsync(args);
}
