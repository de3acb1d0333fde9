using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace TalentPlatform.ServiceDefaults.Security;

/// <summary>
/// Who may do what, by name, the same names at the gateway (its route policies, the front door) and in every
/// service (each write route's own policy, the lock on the room): a service re-checks the role itself, so
/// a valid token of the wrong role is refused even when the service is called around the gateway.
/// </summary>
public static class Policies
{
    /// <summary>Reads market data and insights: every role.</summary>
    public const string Reader = "reader";

    /// <summary>Writes market data (deals, organizations, people, public pay, reference data): analysts and admins.</summary>
    public const string MarketWriter = "market-writer";

    /// <summary>A customer's own private data (pay submissions): customers only, each within its tenant.</summary>
    public const string TenantData = "tenant-data";

    /// <summary>A tenant's own webhook subscriptions and feeds: customers and admins, each within its tenant.</summary>
    public const string Subscriber = "subscriber";

    /// <summary>Tenants, keys, the audit trail and projection rebuilds.</summary>
    public const string Admin = "admin";

    /// <summary>Streamed imports: every role may start one, and the import's kind then names who may import it.</summary>
    public const string Importer = "importer";

    /// <summary>The roles each policy lets through.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> RolesOf = new Dictionary<string, string[]>
    {
        [Reader] = Roles.All,
        [MarketWriter] = [Roles.Analyst, Roles.Admin],
        [TenantData] = [Roles.Customer],
        [Subscriber] = [Roles.Customer, Roles.Admin],
        [Admin] = [Roles.Admin],
        [Importer] = Roles.All,
    };

    private static readonly string[] WriteMethods = [HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete];

    /// <summary>Every policy, and the fallback for a route that names none: a caller with one of the platform's roles.</summary>
    public static AuthorizationBuilder AddPlatformPolicies(this AuthorizationBuilder authorization)
    {
        foreach (var (name, roles) in RolesOf)
        {
            authorization.AddPolicy(name, policy => policy.RequireRole(roles));
        }

        return authorization.SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireRole(Roles.All).Build());
    }

    /// <summary>
    /// Refuses to start a service whose write route (POST, PUT, PATCH, DELETE) names no policy, names one that
    /// is not the platform's, or names more than one: each route says who may call it, once.
    /// </summary>
    public static void RequireOnEveryWriteRoute(IEndpointRouteBuilder app)
    {
        var unguarded = WriteRoutes(app.DataSources.SelectMany(source => source.Endpoints))
            .Select(route => (route.Name, Policies: route.Policies.ToList()))
            .Where(route => route.Policies.Count != 1 || !RolesOf.ContainsKey(route.Policies[0]))
            .Select(route => $"{route.Name} ({(route.Policies.Count == 0 ? "no policy" : string.Join(", ", route.Policies))})")
            .ToList();
        if (unguarded.Count > 0)
        {
            throw new InvalidOperationException(
                $"Every write route names exactly one of the policies {string.Join(", ", RolesOf.Keys)} (RequireAuthorization(Policies.…)); these do not: {string.Join("; ", unguarded)}.");
        }
    }

    /// <summary>The write routes among <paramref name="endpoints"/>, each with the policies it names.</summary>
    public static IEnumerable<(string Name, string Method, string Pattern, IEnumerable<string> Policies)> WriteRoutes(IEnumerable<Endpoint> endpoints) =>
        from endpoint in endpoints.OfType<RouteEndpoint>()
        from method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []
        where WriteMethods.Contains(method, StringComparer.OrdinalIgnoreCase)
        let pattern = endpoint.RoutePattern.RawText ?? ""
        select ($"{method} {pattern}", method, pattern, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(data => data.Policy ?? "(default)"));
}
