using System.Collections.Immutable;
using Marten;
using Marten.Pagination;
using TalentPlatform.EventStore;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.Vocabulary;
using TalentPlatform.Vocabulary.Validation;

namespace TalentPlatform.Compensation.Offers;

public enum OfferOutcome
{
    Accepted,
    Declined,
    Withdrawn,
}

/// <summary>A person (People id or name) or a described group, such as "OpenAI staff".</summary>
public sealed record Candidate(Guid? PersonId = null, string? Name = null, string? Group = null);

public sealed record PackageYear(int Year, decimal Amount);

/// <summary>
/// What was offered, as reported: a one-off sign-on, a yearly base, a total, and the multi-year schedule
/// when known. <see cref="UpTo"/>: the figures are maximums ("signing bonuses of up to $100M").
/// </summary>
// The schedule defaults to null rather than to a default ImmutableArray: .NET's JSON schema exporter,
// which writes the OpenAPI document, cannot describe the latter as a default value.
public sealed record Package(decimal? SignOn = null, decimal? Base = null, decimal? Total = null, IReadOnlyList<PackageYear>? Schedule = null, bool UpTo = false)
{
    public IReadOnlyList<PackageYear> Schedule { get; init; } = Schedule ?? [];
}

/// <summary>One report of how an offer ended; competing reports are all kept.</summary>
public sealed record OutcomeClaim(Guid ClaimId, OfferOutcome Outcome, Source Source, DateTimeOffset RecordedAt);

public sealed record OfferExtended(Guid OfferId, string Organization, Candidate Candidate, Package Package, string Currency, DateOnly ExtendedOn, Source Source, DateTimeOffset RecordedAt);

public sealed record OfferOutcomeReported(Guid OfferId, OutcomeClaim Claim, DateTimeOffset RecordedAt);

public sealed record Offer(
    Guid Id,
    string Organization,
    Candidate Candidate,
    Package Package,
    string Currency,
    DateOnly ExtendedOn,
    Source Source,
    ImmutableArray<OutcomeClaim> Outcomes,
    DateTimeOffset RecordedAt)
{
    public long Version { get; set; }

    /// <summary>The outcome the offer rests on by the platform's claims rule (null while none qualifies).</summary>
    public OutcomeClaim? CurrentOutcome => CurrentClaim.Of(Outcomes, claim => claim.Source.Status, claim => claim.Source.PublishedOn, claim => claim.RecordedAt);

    public static Offer Create(OfferExtended e) => new(e.OfferId, e.Organization, e.Candidate, e.Package, e.Currency, e.ExtendedOn, e.Source, [], e.RecordedAt);

    public Offer Apply(OfferOutcomeReported reported) => this with { Outcomes = Outcomes.Add(reported.Claim) };

    public static Offer? Fold(Offer? offer, object @event) => (offer, @event) switch
    {
        (null, OfferExtended extended) => Create(extended),
        (not null, OfferOutcomeReported reported) => offer.Apply(reported),
        _ => offer,
    };
}

public sealed record ExtendOfferRequest(string Organization, Candidate Candidate, Package Package, string Currency, DateOnly ExtendedOn, SourceRequest Source);

public sealed record RecordOutcomeRequest(OfferOutcome Outcome, SourceRequest Source);

public static class OfferDecisions
{
    /// <summary>Every outcome report is kept, competing or not; the same report twice is a conflict.</summary>
    public static IReadOnlyList<object> RecordOutcome(Offer offer, OutcomeClaim claim) =>
        offer.Outcomes.Any(existing => existing.Outcome == claim.Outcome && existing.Source == claim.Source)
            ? throw new ConflictException($"{claim.Source.Publisher} already reported this offer as {WireNames.Of(claim.Outcome)} on {claim.Source.PublishedOn:yyyy-MM-dd}.")
            : [new OfferOutcomeReported(offer.Id, claim, claim.RecordedAt)];
}

internal static class OfferEndpoints
{
    public const int MaxScheduleYears = 10;

    private static readonly StreamCommands<Offer> Commands = new(
        Offer.Fold,
        (offer, version) => offer with { Version = version },
        offer => $"/api/compensation/offers/{offer.Id}",
        NotFound);

    public static IEndpointRouteBuilder MapOffers(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/compensation/offers", ExtendAsync).WithIdempotencyKeys().WithName("ExtendOffer")
            .WithSummary("Record an offer to a person or a group, with its package and source. An offer is not a move.");
        app.MapPost("/api/compensation/offers/{id:guid}/outcome", RecordOutcomeAsync).WithIdempotencyKeys().WithName("RecordOfferOutcome")
            .WithSummary("Report how an offer ended; conflicting reports are kept as competing claims.");
        app.MapGet("/api/compensation/offers/{id:guid}", GetAsync).WithName("GetOffer");
        app.MapGet("/api/compensation/offers", ListAsync).WithName("ListOffers").WithSummary("Offers by ?organization=, latest first; paged.");
        return app;
    }

    /// <summary>Market data sits under the default tenant (events are conjoined, so their snapshots are too).</summary>
    public static void Configure(StoreOptions options) => options.Schema.For<Offer>().MultiTenanted().Duplicate(offer => offer.Organization);

    private static async Task<IResult> ExtendAsync(ExtendOfferRequest request, IDocumentSession session, TimeProvider time, HttpContext http)
    {
        var now = time.GetUtcNow();
        var errors = new ValidationErrors()
            .When(!Slugs.IsValid(request.Organization), "organization", "The offering organization's slug, such as meta.")
            .Candidate(request.Candidate)
            .Package(request.Package)
            .Currency("currency", request.Currency)
            .NotFuture("extendedOn", request.ExtendedOn, now)
            .Source("source", request.Source, now);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The offer is not valid.");
        }

        var extended = new OfferExtended(Guid.CreateVersion7(now), request.Organization, request.Candidate, request.Package, request.Currency, request.ExtendedOn, request.Source.ToSource(), now);
        session.Events.StartStream<Offer>(extended.OfferId, extended);
        return await Commands.RespondAsync(http, session, Offer.Create(extended), version: 1, created: true);
    }

    private static async Task<IResult> RecordOutcomeAsync(Guid id, RecordOutcomeRequest request, IDocumentSession session, TimeProvider time, HttpContext http)
    {
        var now = time.GetUtcNow();
        var errors = new ValidationErrors().Source("source", request.Source, now);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The outcome is not valid.");
        }

        var claim = new OutcomeClaim(Guid.CreateVersion7(now), request.Outcome, request.Source.ToSource(), now);
        return await Commands.ExecuteAsync(id, http, session, offer => OfferDecisions.RecordOutcome(offer, claim));
    }

    private static async Task<IResult> GetAsync(Guid id, IQuerySession session, HttpResponse response, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<Offer>(id, cancellationToken) is not { } offer)
        {
            return NotFound(id);
        }

        response.SetETag(offer.Version);
        return TypedResults.Ok(offer);
    }

    private static async Task<IResult> ListAsync(string? organization, IQuerySession session, HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().When(organization is not null && !Slugs.IsValid(organization), "organization", "An organization slug.");
        var (page, pageSize) = Paging.Read(request, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The filters are not valid.");
        }

        IQueryable<Offer> offers = session.Query<Offer>();
        if (organization is not null)
        {
            offers = offers.Where(offer => offer.Organization == organization);
        }

        var found = await offers.OrderByDescending(offer => offer.RecordedAt).ThenBy(offer => offer.Id).ToPagedListAsync(page, pageSize, cancellationToken);
        return TypedResults.Ok(Paging.Of(request, [.. found], page, pageSize, found.TotalItemCount));
    }

    private static ValidationErrors Candidate(this ValidationErrors errors, Candidate? candidate)
    {
        var given = new object?[] { candidate?.PersonId, candidate?.Name, candidate?.Group }.Count(value => value is not null);
        return errors
            .When(given != 1, "candidate", "Exactly one of personId, name or group (such as \"OpenAI staff\").")
            .When(candidate?.PersonId == Guid.Empty, "candidate.personId", "A person id from People.")
            .When(candidate?.Name is { } name && (string.IsNullOrWhiteSpace(name) || name.Length > PayRules.MaxText), "candidate.name", $"1 to {PayRules.MaxText} characters.")
            .When(candidate?.Group is { } group && (string.IsNullOrWhiteSpace(group) || group.Length > PayRules.MaxText), "candidate.group", $"1 to {PayRules.MaxText} characters.");
    }

    private static ValidationErrors Package(this ValidationErrors errors, Package? package)
    {
        if (package is null)
        {
            return errors.Add("package", "What was offered.");
        }

        var plausible = PayRules.Plausible(PayPeriod.OneOff);
        errors.When(package.SignOn is null && package.Base is null && package.Total is null && package.Schedule.Count == 0, "package", "At least one of signOn, base, total or schedule.");
        foreach (var (field, value) in new[] { ("signOn", package.SignOn), ("base", package.Base), ("total", package.Total) })
        {
            errors
                .When(value < 0, $"package.{field}", "Pay is not negative.")
                .When(value > plausible, $"package.{field}", $"Not plausible (at most {plausible:N0}).");
        }

        errors.When(package.Schedule.Count > MaxScheduleYears, "package.schedule", $"At most {MaxScheduleYears} years.");
        for (var i = 0; i < package.Schedule.Count; i++)
        {
            var year = package.Schedule[i];
            errors
                .When(year.Year != i + 1, $"package.schedule[{i}].year", "Years run 1, 2, 3, … in order.")
                .When(year.Amount is < 0, $"package.schedule[{i}].amount", "Pay is not negative.")
                .When(year.Amount > plausible, $"package.schedule[{i}].amount", $"Not plausible (at most {plausible:N0}).");
        }

        return errors;
    }

    private static IResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such offer.", detail: $"No offer has the id {id}.");
}
