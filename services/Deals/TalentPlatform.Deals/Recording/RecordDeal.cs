using Marten;
using TalentPlatform.Deals.GettingDealDetails;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Validation;

namespace TalentPlatform.Deals.Recording;

/// <summary>The body of <c>POST /api/deals</c>.</summary>
public sealed record RecordDealRequest(
    DealType Type,
    string Acquirer,
    string Target,
    DealStatus Status,
    MoneyRequest? Value = null,
    DateOnly? AnnouncedOn = null);

public sealed record MoneyRequest(decimal Amount, string Currency);

public sealed record RecordDeal(
    Guid DealId,
    DealType Type,
    string Acquirer,
    string Target,
    DealStatus Status,
    DateOnly? AnnouncedOn,
    Money? Value,
    DateTimeOffset Now);

public static class RecordDealDecision
{
    /// <summary>A deal enters the record once, as a rumour or as announced.</summary>
    public static DealRecorded Decide(Deal? current, RecordDeal command)
    {
        if (current is not null)
        {
            throw new ConflictException($"Deal {command.DealId} is already recorded.");
        }

        if (command.Status is not (DealStatus.Rumoured or DealStatus.Announced))
        {
            throw new ConflictException("A deal is recorded as rumoured or announced; it is closed or cancelled afterwards.");
        }

        if (command.Status == DealStatus.Announced && command.AnnouncedOn is null)
        {
            throw new ConflictException("An announced deal needs the day it was announced.");
        }

        // Without a source the figure is what was reported to us; sourced claims come with deal terms.
        var value = command.Value is null ? null : new ClaimedValue(command.Value.Amount, command.Value.Currency, ClaimStatus.Reported);
        return new DealRecorded(
            command.DealId,
            command.Type,
            command.Acquirer,
            command.Target,
            command.Status,
            command.Status == DealStatus.Announced ? command.AnnouncedOn : null,
            value,
            command.Now);
    }
}

internal static class RecordDealEndpoint
{
    public static IEndpointRouteBuilder MapRecordDeal(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/deals", HandleAsync)
            .WithName("RecordDeal")
            .WithSummary("Record a deal as rumoured or announced.");
        return app;
    }

    private static async Task<IResult> HandleAsync(
        RecordDealRequest request,
        IDocumentSession session,
        TimeProvider time,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var errors = Validate(request, now);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The deal is not valid.");
        }

        var command = new RecordDeal(
            Guid.CreateVersion7(now),
            request.Type,
            request.Acquirer,
            request.Target,
            request.Status,
            request.AnnouncedOn,
            request.Value is null ? null : new Money(request.Value.Amount, request.Value.Currency),
            now);
        var recorded = RecordDealDecision.Decide(null, command);

        session.Events.StartStream<Deal>(command.DealId, recorded);
        await session.SaveChangesAsync(cancellationToken);

        var details = DealDetailsProjection.Create(recorded);
        details.Version = 1;
        response.SetETag(details.Version);
        return TypedResults.Created($"/api/deals/{command.DealId}", details);
    }

    internal static ValidationErrors Validate(RecordDealRequest request, DateTimeOffset now)
    {
        // "Today" is today somewhere on Earth: the latest calendar day of any time zone (UTC+14).
        var latestToday = DateOnly.FromDateTime(now.UtcDateTime.AddHours(14));
        var errors = new ValidationErrors()
            .When(!Slugs.IsValid(request.Acquirer), "acquirer", "An organization slug: lower-case letters, digits and single hyphens.")
            .When(!Slugs.IsValid(request.Target), "target", "An organization slug: lower-case letters, digits and single hyphens.")
            .When(request.Acquirer == request.Target, "target", "The target must differ from the acquirer.")
            .When(request.Status is not (DealStatus.Rumoured or DealStatus.Announced), "status", "A deal is recorded as rumoured or announced.")
            .When(request.Status == DealStatus.Announced && request.AnnouncedOn is null, "announcedOn", "An announced deal needs the day it was announced.")
            .When(request.Status == DealStatus.Rumoured && request.AnnouncedOn is not null, "announcedOn", "A rumoured deal has not been announced.")
            .When(request.AnnouncedOn > latestToday, "announcedOn", "The date is in the future.");

        if (request.Value is { } value)
        {
            errors
                .When(value.Amount <= 0, "value.amount", "The amount must be greater than zero.")
                .When(!CurrencyCodes.IsActive(value.Currency), "value.currency", "An active ISO 4217 currency code, such as USD.");
        }

        return errors;
    }
}
