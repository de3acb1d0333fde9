using System.Diagnostics;

namespace TalentPlatform.Messaging;

internal static class MessagingTelemetry
{
    public static readonly ActivitySource Source = new("TalentPlatform.Messaging");
}

/// <summary>Headers TalentPlatform adds to every integration event, beside MassTransit's envelope.</summary>
public static class MessageHeaders
{
    /// <summary>The global sequence number of the event in its publisher's store.</summary>
    public const string EventSequence = "talent-event-sequence";
}

/// <summary>
/// A message for one consumer's queue only: sent to <c>queue:{prefix}{Queue}</c> rather than published on
/// an exchange any team may bind to. For data that must reach one service and no other.
/// </summary>
public sealed record PointToPoint(string Queue, object Message);
