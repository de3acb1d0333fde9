using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Deals.AttachingTalent;

/// <summary>A person who came with the deal: a People id, or a name while People has none for them.</summary>
public sealed record AttachTalentRequest(string Role, Guid? PersonId = null, string? Name = null);

public sealed record AttachTalent(AttachedTalent Talent, DateTimeOffset Now);

public static class AttachTalentDecision
{
    /// <summary>A person is attached to a deal once.</summary>
    public static IReadOnlyList<object> Decide(Deal deal, AttachTalent command)
    {
        var talent = command.Talent;
        var already = deal.Talent.FirstOrDefault(existing =>
            (talent.PersonId is not null && existing.PersonId == talent.PersonId)
            || (talent.Name is not null && string.Equals(existing.Name, talent.Name, StringComparison.OrdinalIgnoreCase)));
        return already is null
            ? [new TalentAttachedToDeal(deal.Id, talent, command.Now)]
            : throw new ConflictException($"{talent.Name ?? talent.PersonId.ToString()} is already attached to this deal (as {already.Role}).");
    }
}

internal sealed class AttachTalentEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/deals/{id:guid}/talent", HandleAsync).RequireAuthorization(Policies.MarketWriter)
            .WithIdempotencyKeys()
            .WithName("AttachTalentToDeal").Commands<DealView>()
            .WithSummary("Record a person who came with the deal, by People id or by name, with their role.");
    }

    private static async Task<IResult> HandleAsync(Guid id, AttachTalentRequest request, IDocumentSession session, TimeProvider time, HttpContext http)
    {
        var now = time.GetUtcNow();
        var errors = new ValidationErrors()
            .When((request.PersonId is null) == (request.Name is null), "personId", "Give either personId or name.")
            .When(request.PersonId == Guid.Empty, "personId", "A person id from People.")
            .When(request.Name is not null && (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200), "name", "The person's name, 1 to 200 characters.")
            .When(string.IsNullOrWhiteSpace(request.Role) || request.Role.Length > 200, "role", "Their role, 1 to 200 characters.");
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The talent is not valid.");
        }

        var talent = new AttachedTalent(Guid.CreateVersion7(now), request.PersonId, request.Name?.Trim(), request.Role.Trim(), now);
        return await DealCommands.Run.ExecuteAsync(id, http, session, deal => AttachTalentDecision.Decide(deal, new AttachTalent(talent, now)));
    }
}
