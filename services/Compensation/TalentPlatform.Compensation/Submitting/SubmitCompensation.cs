using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Compensation.Submitting;

public sealed record SubmitCompensationRequest(
    string Role,
    Location Location,
    string Currency,
    PayPeriod Period,
    Components Components,
    DateOnly EffectiveOn,
    Level? Level = null);

/// <summary>The request as the client stated it, with the submission's id and the time made at the edge.</summary>
public sealed record SubmitCompensation(Guid SubmissionId, SubmitCompensationRequest Request, DateTimeOffset Now);

public static class SubmitCompensationDecision
{
    /// <summary>A row enters its tenant's record once, as given: only the role's surrounding spaces are dropped.</summary>
    public static IReadOnlyList<object> Decide(Submission? current, SubmitCompensation command) => StreamStart.Once(current, "Submission", command.SubmissionId, () =>
    {
        var row = command.Request;
        return new CompensationSubmitted(command.SubmissionId, command.Now)
        {
            Role = row.Role.Trim(),
            Level = row.Level,
            Location = row.Location,
            Currency = row.Currency,
            Period = row.Period,
            Components = row.Components,
            EffectiveOn = row.EffectiveOn,
        };
    });
}

internal sealed class SubmitCompensationEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/compensation/submissions", HandleAsync).RequireAuthorization(Policies.TenantData).WithIdempotencyKeys().WithName("SubmitCompensation").Creates<Submission>().WithTags(ApiTags.Submissions)
            .WithSummary("Submit one row of your own pay data; only your tenant ever reads it.");
    }

    /// <summary>The rules a row meets, alone or in a batch. A row is one person's pay: a point, never a band.</summary>
    public static ValidationErrors Validate(ValidationErrors errors, SubmitCompensationRequest row, DateTimeOffset now) => errors
        .Role(row.Role)
        .Location("location", row.Location, required: true)
        .Currency("currency", row.Currency)
        .Components("components", row.Components, FigureKind.Point, row.Period)
        .NotFuture("effectiveOn", row.EffectiveOn, now);

    private static async Task<IResult> HandleAsync(SubmitCompensationRequest request, IDocumentStore store, TimeProvider time, HttpContext http)
    {
        if (SubmissionCommands.CallerTenant(http) is not { } tenant)
        {
            return SubmissionCommands.Forbidden();
        }

        var now = time.GetUtcNow();
        var errors = Validate(new ValidationErrors(), request, now);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The submission is not valid.");
        }

        await using var session = EventStoreSetup.OpenSession(store, tenant);
        var (submission, version) = Submit(session, request, now);
        return await SubmissionCommands.Run.RespondAsync(http, session, submission, version, created: true);
    }

    /// <summary>
    /// Decides on a valid row and starts its stream in <paramref name="session"/>, which must be the tenant's own
    /// (imports submit payroll rows this way too).
    /// </summary>
    internal static (Submission Submission, long Version) Submit(IDocumentSession session, SubmitCompensationRequest request, DateTimeOffset now)
    {
        var command = new SubmitCompensation(Guid.CreateVersion7(now), request, now);
        var events = SubmitCompensationDecision.Decide(null, command);
        session.Events.StartStream<Submission>(command.SubmissionId, events);
        return (events.Aggregate((Submission?)null, Submission.Fold)!, events.Count);
    }
}
