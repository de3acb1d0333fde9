using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.People.ChangingParent;

/// <summary><c>parent</c> null detaches the organization from any parent.</summary>
public sealed record ChangeParentRequest(string? Parent);

/// <param name="NewParentChain">The new parent and its ancestors, nearest first.</param>
public sealed record ChangeParent(string? Parent, IReadOnlyList<string> NewParentChain, DateTimeOffset Now);

public static class ChangeParentDecision
{
    /// <summary>The parent changes to another one, and never to the organization itself or one of its descendants (a cycle).</summary>
    public static IReadOnlyList<object> Decide(Organization organization, ChangeParent command)
    {
        var parent = command.Parent;
        if (parent == organization.Parent)
        {
            throw new ConflictException(parent is null ? $"{organization.Name} has no parent." : $"{parent} is already {organization.Name}'s parent.");
        }

        if (parent == organization.Slug || command.NewParentChain.Contains(organization.Slug))
        {
            var cycle = string.Join(" → ", new[] { organization.Slug }.Concat(command.NewParentChain.TakeWhile(slug => slug != organization.Slug)).Append(organization.Slug));
            throw new ConflictException($"That would make a cycle: {cycle}.");
        }

        return [new OrganizationParentChanged(organization.Id, parent, organization.Parent, command.Now)];
    }
}

internal sealed class ChangeParentEndpoint : IUseCase
{
    /// <summary>How far up the new parent's ancestors the walk for a cycle goes.</summary>
    private const int MaxDepth = 32;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPut("/api/organizations/{slug}/parent", HandleAsync).RequireAuthorization(Policies.MarketWriter)
            .WithIdempotencyKeys()
            .WithTags(OrganizationCommands.Tag)
            .WithName("ChangeOrganizationParent").Commands<OrganizationView>()
            .WithSummary("Set (or, with null, remove) the parent; a change that would make a cycle is a 409.");
    }

    private static async Task<IResult> HandleAsync(string slug, ChangeParentRequest request, IDocumentSession session, TimeProvider time, HttpContext http)
    {
        if (!Slugs.IsValid(slug))
        {
            return OrganizationCommands.NotFound();
        }

        // Two changes that each look fine alone can close a cycle together (A under B while B goes under A), and
        // each appends to its own stream: parent changes run one at a time, so each walks the ancestors the
        // one before it committed.
        await using var oneAtATime = await ExclusiveSection.EnterAsync(session, "people:organization-parents", http.RequestAborted);
        var chain = new List<string>();
        for (var parent = request.Parent; parent is not null && chain.Count < MaxDepth;)
        {
            if (await OrganizationCommands.FindAsync(session, parent, http.RequestAborted) is not { } ancestor)
            {
                return TypedResults.ValidationProblem(
                    new ValidationErrors().Add("parent", $"No organization is registered as '{parent}'.").ToDictionary(),
                    title: "The parent is not valid.");
            }

            chain.Add(ancestor.Slug);
            parent = ancestor.Slug == slug ? null : ancestor.Parent;
        }

        var now = time.GetUtcNow();
        return await OrganizationCommands.Run.ExecuteAsync(OrganizationIds.For(slug), http, session, organization =>
            ChangeParentDecision.Decide(organization, new ChangeParent(request.Parent, chain, now)));
    }
}
