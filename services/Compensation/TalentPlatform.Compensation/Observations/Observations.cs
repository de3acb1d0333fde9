using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using TalentPlatform.EventStore;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.Vocabulary;
using TalentPlatform.Vocabulary.Validation;

namespace TalentPlatform.Compensation.Observations;

/// <summary>A market pay report, stored exactly as given: no conversion, no annualisation.</summary>
public sealed record CompensationObserved(
    Guid ObservationId,
    string Role,
    Level? Level,
    Location? Location,
    string? Organization,
    string Currency,
    PayPeriod Period,
    FigureKind Kind,
    Components Components,
    int? SampleSize,
    DateOnly ObservedOn,
    Source Source,
    DateTimeOffset RecordedAt);

public sealed record Observation(
    Guid Id,
    string Role,
    Level? Level,
    Location? Location,
    string? Organization,
    string Currency,
    PayPeriod Period,
    FigureKind Kind,
    Components Components,
    int? SampleSize,
    DateOnly ObservedOn,
    Source Source,
    DateTimeOffset RecordedAt)
{
    public long Version { get; set; }

    public static Observation Create(CompensationObserved e) =>
        new(e.ObservationId, e.Role, e.Level, e.Location, e.Organization, e.Currency, e.Period, e.Kind, e.Components, e.SampleSize, e.ObservedOn, e.Source, e.RecordedAt);

    public static Observation? Fold(Observation? observation, object @event) =>
        observation is null && @event is CompensationObserved observed ? Create(observed) : observation;
}

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

internal static class ObservationEndpoints
{
    private static readonly StreamCommands<Observation> Commands = new(
        Observation.Fold,
        (observation, version) => observation with { Version = version },
        observation => $"/api/compensation/observations/{observation.Id}",
        NotFound);

    public static IEndpointRouteBuilder MapObservations(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/compensation/observations", ObserveAsync).WithIdempotencyKeys().WithName("ObserveCompensation")
            .WithSummary("Record a market pay report (a point, an average, a median or a band), exactly as given.");
        app.MapPost("/api/compensation/observations/batch", ObserveBatchAsync).WithIdempotencyKeys().AcceptsBatchBodies().WithName("ObserveCompensationBatch")
            .WithSummary($"Record up to {BatchRows.MaxRows} market pay reports at once, all or nothing: one bad row rejects the batch with every bad row listed.");
        app.MapGet("/api/compensation/observations/{id:guid}", GetAsync).WithName("GetObservation");
        app.MapGet("/api/compensation/observations", ListAsync).WithName("ListObservations")
            .WithSummary("Market pay reports, latest observed first, by ?role=, ?country=, ?level=; paged.");
        return app;
    }

    /// <summary>Market data sits under the default tenant (events are conjoined, so their snapshots are too).</summary>
    public static void Configure(StoreOptions options) =>
        options.Schema.For<Observation>().MultiTenanted().Duplicate(observation => observation.Role);

    private static async Task<IResult> ObserveAsync(ObserveCompensationRequest request, IDocumentSession session, TimeProvider time, HttpContext http)
    {
        var now = time.GetUtcNow();
        var errors = Validate(new ValidationErrors(), request, now);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The observation is not valid.");
        }

        var observed = Observed(request, now);
        session.Events.StartStream<Observation>(observed.ObservationId, observed);
        return await Commands.RespondAsync(http, session, Observation.Create(observed), version: 1, created: true);
    }

    private static async Task<IResult> ObserveBatchAsync(BatchRequest request, IDocumentSession session, TimeProvider time, IOptions<JsonOptions> json, HttpContext http)
    {
        var now = time.GetUtcNow();
        var (rows, errors) = BatchRows.Read<ObserveCompensationRequest>(request, json.Value.SerializerOptions, (row, rowErrors) => Validate(rowErrors, row, now));
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The batch is not valid; nothing was written.");
        }

        return await BatchRows.WriteAsync<Observation>(session, http, rows.Select(row => Observed(row, now)).Select(observed => (observed.ObservationId, (object)observed)));
    }

    private static ValidationErrors Validate(ValidationErrors errors, ObserveCompensationRequest request, DateTimeOffset now) => errors
        .Role(request.Role)
        .Location("location", request.Location, required: false)
        .When(request.Organization is not null && !Slugs.IsValid(request.Organization), "organization", "An organization slug, such as meta.")
        .Currency("currency", request.Currency)
        .Components("components", request.Components, request.Kind, request.Period)
        .When(request.SampleSize is < 1, "sampleSize", "At least 1 when known.")
        .NotFuture("observedOn", request.ObservedOn, now)
        .Source("source", request.Source, now);

    private static CompensationObserved Observed(ObserveCompensationRequest request, DateTimeOffset now) => new(
        Guid.CreateVersion7(now), request.Role.Trim(), request.Level, request.Location, request.Organization, request.Currency,
        request.Period, request.Kind, request.Components, request.SampleSize, request.ObservedOn, request.Source.ToSource(), now);

    private static async Task<IResult> GetAsync(Guid id, IQuerySession session, HttpResponse response, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<Observation>(id, cancellationToken) is not { } observation)
        {
            return NotFound(id);
        }

        response.SetETag(observation.Version);
        return TypedResults.Ok(observation);
    }

    private static async Task<IResult> ListAsync(string? role, string? country, string? level, IQuerySession session, HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .When(role is { Length: > PayRules.MaxText }, "role", $"At most {PayRules.MaxText} characters.")
            .When(country is not null && !CountryCodes.IsAssigned(country), "country", "An ISO 3166-1 alpha-2 code, such as GB.")
            .When(level is not null && !WireNames.TryParse<Level>(level, out _), "level", $"One of {WireNames.All<Level>()}.");
        var (page, pageSize) = Paging.Read(request, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The filters are not valid.");
        }

        IQueryable<Observation> observations = session.Query<Observation>();
        if (role is not null)
        {
            observations = observations.Where(observation => observation.Role == role);
        }

        if (country is not null)
        {
            observations = observations.Where(observation => observation.Location!.Country == country);
        }

        if (WireNames.TryParse<Level>(level, out var wanted))
        {
            observations = observations.Where(observation => observation.Level == wanted);
        }

        var found = await observations.OrderByDescending(observation => observation.ObservedOn).ThenBy(observation => observation.Id)
            .ToPagedListAsync(page, pageSize, cancellationToken);
        return TypedResults.Ok(Paging.Of(request, [.. found], page, pageSize, found.TotalItemCount));
    }

    private static IResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such observation.", detail: $"No observation has the id {id}.");
}
