using System.Collections.Immutable;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Deals.Recording;

/// <summary>
/// The body of <c>POST /api/deals</c>. <c>value</c> and <c>stakePercent</c> are the first claims on the
/// deal's terms, both backed by <c>source</c> when given (a figure without a source is taken as reported).
/// </summary>
public sealed record RecordDealRequest(
    DealType Type,
    string Acquirer,
    string Target,
    DealStatus Status,
    DateOnly? AnnouncedOn = null,
    MoneyRequest? Value = null,
    decimal? StakePercent = null,
    SourceRequest? Source = null);

public sealed record RecordDeal(
    Guid DealId,
    DealType Type,
    string Acquirer,
    string Target,
    DealStatus Status,
    DateOnly? AnnouncedOn,
    ImmutableArray<TermClaim> Claims,
    DateTimeOffset Now);

public static class RecordDealDecision
{
    /// <summary>A deal enters the record once, as a rumour or as announced (on the day it was announced).</summary>
    public static IReadOnlyList<object> Decide(Deal? current, RecordDeal command)
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

        return
        [
            new DealRecorded(
                command.DealId,
                command.Type,
                command.Acquirer,
                command.Target,
                command.Status,
                command.Status == DealStatus.Announced ? command.AnnouncedOn : null,
                command.Claims,
                command.Now),
        ];
    }
}

internal sealed class RecordDealEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/deals", HandleAsync).RequireAuthorization(Policies.MarketWriter)
            .WithIdempotencyKeys()
            .WithName("RecordDeal").Creates<DealView>()
            .WithDescription("A deal enters the record once, as rumoured or as announced on a day; its value and stake, when given, are its first claims, both backed by the one source (a figure without a source counts as reported). The example is Meta's stake in Scale AI as the seed article reported it.")
            .WithRequestExample("""
                {"type":"minority-stake","acquirer":"meta","target":"scale-ai","status":"announced","announcedOn":"2025-06-12",
                 "value":{"amount":14000000000,"currency":"USD"},
                 "source":{"publisher":"The seed article","publishedOn":"2025-08-10","attribution":"anonymous-source","status":"reported"}}
                """)
            .WithSummary("Record a deal as rumoured or announced, with the first claims on its terms.");
    }

    private static async Task<IResult> HandleAsync(
        RecordDealRequest request,
        IDocumentSession session,
        TimeProvider time,
        HttpContext http)
    {
        var now = time.GetUtcNow();
        var errors = Validate(request, now);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The deal is not valid.");
        }

        var deal = Record(session, request, now);
        return await DealCommands.Run.RespondAsync(http, session, deal, version: 1, created: true);
    }

    /// <summary>Decides on a valid request and starts the deal's stream in the session (imports record deals this way too).</summary>
    internal static Deal Record(IDocumentSession session, RecordDealRequest request, DateTimeOffset now)
    {
        var command = new RecordDeal(
            Guid.CreateVersion7(now),
            request.Type,
            request.Acquirer,
            request.Target,
            request.Status,
            request.AnnouncedOn,
            [.. DealRules.Claims(request.Value, request.StakePercent, request.Source, now)],
            now);
        var events = RecordDealDecision.Decide(null, command);
        session.Events.StartStream<Deal>(command.DealId, events);
        return events.Aggregate((Deal?)null, Deal.Fold)!;
    }

    internal static ValidationErrors Validate(RecordDealRequest request, DateTimeOffset now) => new ValidationErrors()
        .When(!Slugs.IsValid(request.Acquirer), "acquirer", "An organization slug: lower-case letters, digits and single hyphens.")
        .When(!Slugs.IsValid(request.Target), "target", "An organization slug: lower-case letters, digits and single hyphens.")
        .When(request.Acquirer == request.Target, "target", "The target must differ from the acquirer.")
        .When(request.Status is not (DealStatus.Rumoured or DealStatus.Announced), "status", "A deal is recorded as rumoured or announced.")
        .When(request.Status == DealStatus.Announced && request.AnnouncedOn is null, "announcedOn", "An announced deal needs the day it was announced.")
        .When(request.Status == DealStatus.Rumoured && request.AnnouncedOn is not null, "announcedOn", "A rumoured deal has not been announced.")
        .When(request.Source is not null && request.Value is null && request.StakePercent is null, "source", "A source backs a value or a stake; neither was given.")
        .NotFuture("announcedOn", request.AnnouncedOn, now)
        .Value("value", request.Value)
        .Stake("stakePercent", request.StakePercent)
        .Source("source", request.Source, now);
}
