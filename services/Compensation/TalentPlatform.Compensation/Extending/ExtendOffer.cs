using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Compensation.Extending;

public sealed record ExtendOfferRequest(string Organization, Candidate Candidate, Package Package, string Currency, DateOnly ExtendedOn, SourceRequest Source);

/// <summary>The request as the client stated it, with the offer's id and the time made at the edge.</summary>
public sealed record ExtendOffer(Guid OfferId, ExtendOfferRequest Request, DateTimeOffset Now);

public static class ExtendOfferDecision
{
    /// <summary>An offer enters the record once, as reported by its source.</summary>
    public static IReadOnlyList<object> Decide(Offer? current, ExtendOffer command) => StreamStart.Once(current, "Offer", command.OfferId, () =>
    {
        var offer = command.Request;
        return new OfferExtended(command.OfferId, offer.Organization, offer.Candidate, offer.Package, offer.Currency, offer.ExtendedOn, offer.Source.ToSource(), command.Now);
    });
}

internal sealed class ExtendOfferEndpoint : IUseCase
{
    public const int MaxScheduleYears = 10;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/compensation/offers", HandleAsync).RequireAuthorization(Policies.MarketWriter).WithIdempotencyKeys().WithName("ExtendOffer").Creates<Offer>().WithTags(ApiTags.Offers)
            .WithSummary("Record an offer to a person or a group, with its package and source. An offer is not a move.");
    }

    private static async Task<IResult> HandleAsync(ExtendOfferRequest request, IDocumentSession session, TimeProvider time, HttpContext http)
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

        var command = new ExtendOffer(Guid.CreateVersion7(now), request, now);
        var events = ExtendOfferDecision.Decide(null, command);
        session.Events.StartStream<Offer>(command.OfferId, events);
        return await OfferCommands.Run.RespondAsync(http, session, events.Aggregate((Offer?)null, Offer.Fold)!, events.Count, created: true);
    }
}

/// <summary>What an offer must say: one candidate, a plausible package.</summary>
file static class OfferValidation
{
    public static ValidationErrors Candidate(this ValidationErrors errors, Candidate? candidate)
    {
        var given = new object?[] { candidate?.PersonId, candidate?.Name, candidate?.Group }.Count(value => value is not null);
        return errors
            .When(given != 1, "candidate", "Exactly one of personId, name or group (such as \"OpenAI staff\").")
            .When(candidate?.PersonId == Guid.Empty, "candidate.personId", "A person id from People.")
            .When(candidate?.Name is { } name && (string.IsNullOrWhiteSpace(name) || name.Length > PayRules.MaxText), "candidate.name", $"1 to {PayRules.MaxText} characters.")
            .When(candidate?.Group is { } group && (string.IsNullOrWhiteSpace(group) || group.Length > PayRules.MaxText), "candidate.group", $"1 to {PayRules.MaxText} characters.");
    }

    public static ValidationErrors Package(this ValidationErrors errors, Package? package)
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

        errors.When(package.Schedule.Count > ExtendOfferEndpoint.MaxScheduleYears, "package.schedule", $"At most {ExtendOfferEndpoint.MaxScheduleYears} years.");
        for (var i = 0; i < package.Schedule.Count; i++)
        {
            if (package.Schedule[i] is not { } year)
            {
                errors.Add($"package.schedule[{i}]", "A year of the schedule: {\"year\", \"amount\"}.");
                continue;
            }

            errors
                .When(year.Year != i + 1, $"package.schedule[{i}].year", "Years run 1, 2, 3, … in order.")
                .When(year.Amount is < 0, $"package.schedule[{i}].amount", "Pay is not negative.")
                .When(year.Amount > plausible, $"package.schedule[{i}].amount", $"Not plausible (at most {plausible:N0}).");
        }

        return errors;
    }
}
