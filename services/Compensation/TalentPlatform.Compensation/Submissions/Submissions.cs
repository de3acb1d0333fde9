using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using TalentPlatform.EventStore;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;
using TalentPlatform.Vocabulary.Validation;

namespace TalentPlatform.Compensation.Submissions;

/// <summary>
/// One row of a customer's own payroll, private to its tenant. Marten keeps it under the tenant
/// (conjoined tenancy): every session opened for a tenant sees that tenant's rows and no other's.
/// </summary>
public sealed record CompensationSubmitted(
    Guid SubmissionId,
    string Role,
    Level? Level,
    Location Location,
    string Currency,
    PayPeriod Period,
    Components Components,
    DateOnly EffectiveOn,
    DateTimeOffset RecordedAt);

public sealed record Submission(
    Guid Id,
    string Role,
    Level? Level,
    Location Location,
    string Currency,
    PayPeriod Period,
    Components Components,
    DateOnly EffectiveOn,
    DateTimeOffset RecordedAt)
{
    public long Version { get; set; }

    public static Submission Create(CompensationSubmitted e) =>
        new(e.SubmissionId, e.Role, e.Level, e.Location, e.Currency, e.Period, e.Components, e.EffectiveOn, e.RecordedAt);
}

public sealed record SubmitCompensationRequest(
    string Role,
    Location Location,
    string Currency,
    PayPeriod Period,
    Components Components,
    DateOnly EffectiveOn,
    Level? Level = null);

internal static class SubmissionEndpoints
{
    public const int MaxBatchRows = BatchRows.MaxRows;
    private const string CustomerRole = "customer";

    public static IEndpointRouteBuilder MapSubmissions(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/compensation/submissions", SubmitAsync).WithIdempotencyKeys().WithName("SubmitCompensation")
            .WithSummary("Submit one row of your own pay data; only your tenant ever reads it.");
        app.MapPost("/api/compensation/submissions/batch", SubmitBatchAsync).WithIdempotencyKeys().AcceptsBatchBodies().WithName("SubmitCompensationBatch")
            .WithSummary($"Submit up to {MaxBatchRows} rows, all or nothing: one bad row rejects the batch with every bad row listed.");
        app.MapGet("/api/compensation/submissions/{id:guid}", GetAsync).WithName("GetSubmission");
        app.MapGet("/api/compensation/submissions", ListAsync).WithName("ListSubmissions").WithSummary("Your tenant's rows, latest first; paged.");
        return app;
    }

    public static void Configure(StoreOptions options) => options.Schema.For<Submission>().MultiTenanted();

    private static async Task<IResult> SubmitAsync(SubmitCompensationRequest request, IDocumentStore store, TimeProvider time, HttpContext http)
    {
        if (CallerTenant(http) is not { } tenant)
        {
            return Forbidden();
        }

        var now = time.GetUtcNow();
        var errors = Validate(new ValidationErrors(), "", request, now);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The submission is not valid.");
        }

        await using var session = EventStoreSetup.OpenSession(store, tenant);
        var submitted = Submitted(request, now);
        session.Events.StartStream<Submission>(submitted.SubmissionId, submitted);
        var submission = Submission.Create(submitted) with { Version = 1 };
        var location = $"/api/compensation/submissions/{submission.Id}";
        http.Response.SetETag(1);
        http.Response.Headers.Location = location;
        IdempotencyKeys.Stage(session, http, StatusCodes.Status201Created, submission);
        await session.SaveChangesAsync(http.RequestAborted);
        return TypedResults.Created(location, submission);
    }

    private static async Task<IResult> SubmitBatchAsync(BatchRequest request, IDocumentStore store, TimeProvider time, IOptions<JsonOptions> json, HttpContext http)
    {
        if (CallerTenant(http) is not { } tenant)
        {
            return Forbidden();
        }

        var now = time.GetUtcNow();
        var (rows, errors) = BatchRows.Read<SubmitCompensationRequest>(request, json.Value.SerializerOptions, (row, rowErrors) => Validate(rowErrors, "", row, now));
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The batch is not valid; nothing was written.");
        }

        await using var session = EventStoreSetup.OpenSession(store, tenant);
        return await BatchRows.WriteAsync<Submission>(session, http, rows.Select(row => Submitted(row, now)).Select(submitted => (submitted.SubmissionId, (object)submitted)));
    }

    private static async Task<IResult> GetAsync(Guid id, IDocumentStore store, HttpContext http)
    {
        if (CallerTenant(http) is not { } tenant)
        {
            return Forbidden();
        }

        // Another tenant's row is as unknown as one that never existed.
        await using var session = store.QuerySession(tenant);
        if (await session.LoadAsync<Submission>(id, http.RequestAborted) is not { } submission)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such submission.", detail: $"Your tenant has no submission {id}.");
        }

        http.Response.SetETag(submission.Version);
        return TypedResults.Ok(submission);
    }

    private static async Task<IResult> ListAsync(IDocumentStore store, HttpContext http)
    {
        if (CallerTenant(http) is not { } tenant)
        {
            return Forbidden();
        }

        var errors = new ValidationErrors();
        var (page, pageSize) = Paging.Read(http.Request, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The paging is not valid.");
        }

        await using var session = store.QuerySession(tenant);
        var found = await session.Query<Submission>()
            .OrderByDescending(submission => submission.RecordedAt).ThenBy(submission => submission.Id)
            .ToPagedListAsync(page, pageSize, http.RequestAborted);
        return TypedResults.Ok(Paging.Of(http.Request, [.. found], page, pageSize, found.TotalItemCount));
    }

    private static ValidationErrors Validate(ValidationErrors errors, string prefix, SubmitCompensationRequest row, DateTimeOffset now)
    {
        var rowErrors = new ValidationErrors()
            .Role(row.Role)
            .Location("location", row.Location, required: true)
            .Currency("currency", row.Currency)
            .Components("components", row.Components, FigureKind.Point, row.Period)
            .NotFuture("effectiveOn", row.EffectiveOn, now);
        foreach (var (field, messages) in rowErrors.ToDictionary())
        {
            foreach (var message in messages)
            {
                errors.Add(prefix + field, message);
            }
        }

        return errors;
    }

    private static CompensationSubmitted Submitted(SubmitCompensationRequest row, DateTimeOffset now) =>
        new(Guid.CreateVersion7(now), row.Role.Trim(), row.Level, row.Location, row.Currency, row.Period, row.Components, row.EffectiveOn, now);

    /// <summary>The caller's tenant, for callers whose role submits tenant data (customers); null otherwise.</summary>
    private static string? CallerTenant(HttpContext http) =>
        http.User.IsInRole(CustomerRole) && http.User.Tenant() is { Length: > 0 } tenant ? tenant : null;

    private static IResult Forbidden() => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "Only a customer submits and reads its own pay data.");
}
