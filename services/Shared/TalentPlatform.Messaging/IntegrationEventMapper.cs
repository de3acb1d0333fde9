using JasperFx.Events;

namespace TalentPlatform.Messaging;

/// <summary>Maps a service's domain events to the integration events it publishes.</summary>
public interface IIntegrationEventMapper
{
    /// <summary>The messages to publish for the events of one stream whose sequence is in <paramref name="published"/>.</summary>
    /// <param name="history">Every event of the stream up to the last one to publish, oldest first.</param>
    IEnumerable<(IEvent Event, object Message)> Map(IReadOnlyList<IEvent> history, IReadOnlySet<long> published);
}

/// <summary>
/// A mapper whose contracts carry the state of their stream right after each event, built with the
/// same fold the service's decisions use, so a consumer never needs the history to read a message.
/// </summary>
public abstract class IntegrationEventMapper<TState> : IIntegrationEventMapper
    where TState : class
{
    public IEnumerable<(IEvent Event, object Message)> Map(IReadOnlyList<IEvent> history, IReadOnlySet<long> published)
    {
        TState? state = null;
        foreach (var @event in history)
        {
            state = Evolve(state, @event.Data);
            if (state is not null && published.Contains(@event.Sequence) && ToIntegrationEvent(state, @event) is { } message)
            {
                yield return (@event, message);
            }
        }
    }

    protected abstract TState? Evolve(TState? state, object @event);

    /// <summary>The contract for <paramref name="event"/>, given the state it left; null when it is not published.</summary>
    protected abstract object? ToIntegrationEvent(TState state, IEvent @event);
}
