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
