using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace TalentPlatform.Gateway.Health;

/// <summary>
/// Passive health (policy <see cref="PolicyName"/>): an instance of a service that could not be reached or broke off
/// an answer is taken out of its cluster at once, for the cluster's <c>ReactivationPeriod</c>, so after an instance
/// dies only the requests already sent to it fail; the active probes (every 5 s) take it out for good after 3
/// failures and bring it back once it answers. YARP's own failure-rate policy waits for a share of failures among
/// a minute's requests, which lets dozens more reach a dead instance. A cluster with one instance keeps it: there is
/// nowhere else to send, and its next request should reach it as soon as it is back.
/// </summary>
internal sealed class EjectOnFailure(IDestinationHealthUpdater health) : IPassiveHealthCheckPolicy
{
    public const string PolicyName = "EjectOnFailure";

    private static readonly TimeSpan DefaultReactivation = TimeSpan.FromSeconds(10);

    public string Name => PolicyName;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        if (cluster.Destinations.Count < 2)
        {
            return;
        }

        var error = context.Features.Get<IForwarderErrorFeature>()?.Error ?? ForwarderError.None;
        if (error is ForwarderError.Request or ForwarderError.ResponseHeaders or ForwarderError.RequestBodyDestination or ForwarderError.ResponseBodyDestination)
        {
            var reactivation = cluster.Model.Config.HealthCheck?.Passive?.ReactivationPeriod ?? DefaultReactivation;
            health.SetPassive(cluster, destination, DestinationHealth.Unhealthy, reactivation);
        }
    }
}
