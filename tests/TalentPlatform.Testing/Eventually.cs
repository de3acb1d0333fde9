namespace TalentPlatform.Testing;

/// <summary>
/// Waits for a condition that another process makes true (a consumer, a projection), by asking again on
/// a timer until it holds or the deadline passes. Fails with the last observation, never hangs.
/// </summary>
public static class Eventually
{
    public static async Task<T> UntilAsync<T>(
        Func<CancellationToken, Task<T>> observe,
        Func<T, bool> holds,
        TimeSpan timeout,
        string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(25));
        var last = await observe(deadline.Token);
        while (!holds(last))
        {
            try
            {
                await timer.WaitForNextTickAsync(deadline.Token);
                last = await observe(deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0.#} s for {what}; last saw: {last}");
            }
        }

        return last;
    }
}
