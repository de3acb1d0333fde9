using System.Diagnostics;
using JasperFx.Events;
using Marten;

namespace TalentPlatform.EventStore;

/// <summary>
/// Carries the W3C trace context of a command into the headers of the events it appends, and back out
/// of them when a subscription publishes those events later, so one trace shows a command and its effects.
/// </summary>
public static class TraceContext
{
    public const string TraceParentHeader = "traceparent";
    public const string TraceStateHeader = "tracestate";

    public static void Stamp(IDocumentSession session)
    {
        var activity = Activity.Current;
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C)
        {
            return;
        }

        session.SetHeader(TraceParentHeader, activity.Id!);
        if (!string.IsNullOrEmpty(activity.TraceStateString))
        {
            session.SetHeader(TraceStateHeader, activity.TraceStateString);
        }

        session.CorrelationId = activity.TraceId.ToHexString();
        session.CausationId = activity.SpanId.ToHexString();
    }

    /// <summary>
    /// Stamps the session's events with the current trace marked as not sampled. A bulk write (an import chunk of a
    /// thousand rows) is one recorded span; were each of its events to carry a sampled context, publishing and
    /// applying them would record two spans per row downstream, and exporting a million rows' spans would cost
    /// more CPU than the rows themselves. The events still name the chunk's trace, so its span is found from any of them.
    /// </summary>
    public static void StampUnsampled(IDocumentSession session)
    {
        var activity = Activity.Current;
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C)
        {
            return;
        }

        session.SetHeader(TraceParentHeader, Unsampled(activity.TraceId, activity.SpanId));
    }

    /// <summary>A W3C traceparent naming the span as parent, with the sampled flag off.</summary>
    public static string Unsampled(ActivityTraceId traceId, ActivitySpanId spanId) => $"00-{traceId.ToHexString()}-{spanId.ToHexString()}-00";

    /// <summary>The trace context stored with an event, or default when it was appended outside any trace.</summary>
    public static ActivityContext Of(IEvent @event)
    {
        var parent = Header(@event, TraceParentHeader);
        return parent is not null && ActivityContext.TryParse(parent, Header(@event, TraceStateHeader), isRemote: true, out var context)
            ? context
            : default;
    }

    private static string? Header(IEvent @event, string name) =>
        @event.Headers is not null && @event.Headers.TryGetValue(name, out var value) ? value?.ToString() : null;
}
