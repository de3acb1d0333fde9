using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Compensation;

/// <summary>How a read answers with one stream's inline snapshot: 200 with its stream version as the ETag, or a 404.</summary>
internal static class Snapshots
{
    public static IResult Answer<TState>(TState? state, Func<TState, long> version, Func<IResult> notFound, HttpResponse response)
        where TState : class
    {
        if (state is null)
        {
            return notFound();
        }

        response.SetETag(version(state));
        return TypedResults.Ok(state);
    }
}
