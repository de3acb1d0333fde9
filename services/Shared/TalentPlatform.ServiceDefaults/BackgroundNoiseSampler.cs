using System.Diagnostics;
using OpenTelemetry.Trace;

namespace TalentPlatform.ServiceDefaults;

/// <summary>
/// Keeps traces that start with something someone did (a request, a message, a publish) and drops
/// those that start with a poll: the event store daemon asks for its high water mark several times a
/// second, and health probes touch the database, each of which would otherwise be a trace of its own
/// and bury the ones worth reading. Child spans follow their parent's decision (parent-based).
/// </summary>
internal sealed class BackgroundNoiseSampler : Sampler
{
    public static Sampler Create() => new ParentBasedSampler(new BackgroundNoiseSampler());

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var isPoll = samplingParameters.Name.StartsWith("marten.daemon.", StringComparison.Ordinal)
            // A client call (SQL, HTTP) that belongs to no operation is background work.
            || samplingParameters.Kind == ActivityKind.Client;
        return new SamplingResult(isPoll ? SamplingDecision.Drop : SamplingDecision.RecordAndSample);
    }
}
