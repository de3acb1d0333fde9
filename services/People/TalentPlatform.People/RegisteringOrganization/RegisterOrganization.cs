using System.Collections.Immutable;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.People.RegisteringOrganization;

public sealed record RegisterOrganizationRequest(string Slug, string Name, OrganizationKind Kind, IReadOnlyList<string>? Aliases = null, string? Parent = null);

public sealed record RegisterOrganization(string Slug, string Name, OrganizationKind Kind, ImmutableArray<string> Aliases, string? Parent, DateTimeOffset Now);

public static class RegisterOrganizationDecision
{
    /// <summary>A slug is registered once: the organization's stream id is derived from it (<see cref="OrganizationIds"/>).</summary>
    public static IReadOnlyList<object> Decide(Organization? current, RegisterOrganization command) =>
        current is not null
            ? throw new ConflictException($"The slug '{command.Slug}' is already {current.Name}'s.")
            : [new OrganizationRegistered(OrganizationIds.For(command.Slug), command.Slug, command.Name, command.Kind, command.Aliases, command.Parent, command.Now)];
}

internal sealed class RegisterOrganizationEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/organizations", HandleAsync).RequireAuthorization(Policies.MarketWriter)
            .WithIdempotencyKeys()
            .WithTags(OrganizationCommands.Tag)
            .WithName("RegisterOrganization").Creates<OrganizationView>()
            .WithSummary("Register an organization under its slug, with aliases and a parent.");
    }

    private static async Task<IResult> HandleAsync(RegisterOrganizationRequest request, IDocumentSession session, TimeProvider time, HttpContext http)
    {
        var now = time.GetUtcNow();
        var organizations = Organizations.In(session);
        var errors = await ValidateAsync(request, organizations, http.RequestAborted);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The organization is not valid.");
        }

        var command = Command(request, now);
        var events = RegisterOrganizationDecision.Decide(await organizations.FindAsync(command.Slug, http.RequestAborted), command);
        session.Events.StartStream<Organization>(OrganizationIds.For(command.Slug), events);
        return await OrganizationCommands.Run.RespondAsync(http, session, events.Aggregate((Organization?)null, Organization.Fold)!, events.Count, created: true);
    }

    /// <summary>The rules a registration meets, alone or as a row of an import (which finds its parent among the rows before it too).</summary>
    internal static async ValueTask<ValidationErrors> ValidateAsync(RegisterOrganizationRequest request, IOrganizations organizations, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .When(!Slugs.IsValid(request.Slug), "slug", "Lower-case letters, digits and single hyphens, such as google-deepmind.")
            .When(string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200, "name", "The organization's name, 1 to 200 characters.")
            .When(request.Aliases is { Count: > 50 }, "aliases", "At most 50 aliases.")
            .When((request.Aliases ?? []).Any(alias => string.IsNullOrWhiteSpace(alias) || alias.Length > 200), "aliases", "Each alias 1 to 200 characters.")
            .When(request.Parent is not null && request.Parent == request.Slug, "parent", "An organization is not its own parent.");
        if (request.Parent is not null)
        {
            await organizations.MustExistAsync("parent", request.Parent, errors, cancellationToken);
        }

        return errors;
    }

    internal static RegisterOrganization Command(RegisterOrganizationRequest request, DateTimeOffset now) => new(
        request.Slug,
        request.Name.Trim(),
        request.Kind,
        [.. (request.Aliases ?? []).Select(alias => alias.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)],
        request.Parent,
        now);
}
