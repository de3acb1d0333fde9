using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Compensation.Observing;

public sealed record ObserveCompensationRequest(
    string Role,
    string Currency,
    PayPeriod Period,
    FigureKind Kind,
    Components Components,
    DateOnly ObservedOn,
    SourceRequest Source,
    Level? Level = null,
    Location? Location = null,
    string? Organization = null,
    int? SampleSize = null);

/// <summary>The request as the client stated it, with the observation's id and the time made at the edge.</summary>
public sealed record ObserveCompensation(Guid ObservationId, ObserveCompensationRequest Request, DateTimeOffset Now);

public static class ObserveCompensationDecision
{
    /// <summary>A report enters the record once, as given: only the role's surrounding spaces are dropped.</summary>
    public static IReadOnlyList<object> Decide(Observation? current, ObserveCompensation command) =>
        StreamStart.Once(current, "Observation", command.ObservationId, () => Observed(command));

    /// <summary>A new report's event (recorded in bulk, reports need no stream of their own to start).</summary>
    public static CompensationObserved Observed(ObserveCompensationRequest request, DateTimeOffset now) =>
        Observed(new ObserveCompensation(Guid.CreateVersion7(now), request, now));

    private static CompensationObserved Observed(ObserveCompensation command)
    {
        var report = command.Request;
        return new CompensationObserved(command.ObservationId, command.Now)
        {
            Role = report.Role.Trim(),
            Level = report.Level,
            Location = report.Location,
            Organization = report.Organization,
            Currency = report.Currency,
            Period = report.Period,
            Kind = report.Kind,
            Components = report.Components,
            SampleSize = report.SampleSize,
            ObservedOn = report.ObservedOn,
            Source = report.Source.ToSource(),
        };
    }
}

internal sealed class ObserveCompensationEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/compensation/observations", HandleAsync).RequireAuthorization(Policies.MarketWriter).WithIdempotencyKeys().WithName("ObserveCompensation").Creates<Observation>().WithTags(ApiTags.Observations)
            .WithSummary("Record a market pay report (a point, an average, a median or a band), exactly as given.");
    }

    /// <summary>The rules a report meets, alone or as a row of a batch.</summary>
    public static ValidationErrors Validate(ValidationErrors errors, ObserveCompensationRequest request, DateTimeOffset now) => errors
        .Role(request.Role)
        .Location("location", request.Location, required: false)
        .When(request.Organization is not null && !Slugs.IsValid(request.Organization), "organization", "An organization slug, such as meta.")
        .Currency("currency", request.Currency)
        .Components("components", request.Components, request.Kind, request.Period)
        .When(request.SampleSize is < 1, "sampleSize", "At least 1 when known.")
        .NotFuture("observedOn", request.ObservedOn, now)
        .Source("source", request.Source, now);

    private static async Task<IResult> HandleAsync(ObserveCompensationRequest request, IDocumentSession session, TimeProvider time, HttpContext http)
    {
        var now = time.GetUtcNow();
        var errors = Validate(new ValidationErrors(), request, now);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The observation is not valid.");
        }

        var (observation, version) = Observe(session, request, now);
        return await ObservationCommands.Run.RespondAsync(http, session, observation, version, created: true);
    }

    /// <summary>Decides on a valid report and starts its stream in the session (imports record reports this way too).</summary>
    internal static (Observation Observation, long Version) Observe(IDocumentSession session, ObserveCompensationRequest request, DateTimeOffset now)
    {
        var command = new ObserveCompensation(Guid.CreateVersion7(now), request, now);
        var events = ObserveCompensationDecision.Decide(null, command);
        session.Events.StartStream<Observation>(command.ObservationId, events);
        return (events.Aggregate((Observation?)null, Observation.Fold)!, events.Count);
    }
}
