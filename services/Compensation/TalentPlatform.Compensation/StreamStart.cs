
namespace TalentPlatform.Compensation;

/// <summary>The rule every decision that starts a stream follows: a stream starts once.</summary>
public static class StreamStart
{
    /// <param name="current">The stream's state, null when it has no events yet.</param>
    /// <param name="what">What the stream records, as a conflict names it ("Offer").</param>
    public static IReadOnlyList<object> Once<TState>(TState? current, string what, Guid streamId, Func<object> started)
        where TState : class =>
        current is null ? [started()] : throw new ConflictException($"{what} {streamId} is already recorded.");
}
