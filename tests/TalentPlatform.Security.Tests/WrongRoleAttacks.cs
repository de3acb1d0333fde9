using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TalentPlatform.Imports;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Security.Tests;

/// <summary>
/// Defence in depth: the gateway's route policies are the front door; each service checks the role again on
/// every write, so a caller holding a valid token of the wrong role is refused even around the gateway.
/// The routes are read from each running service, so a write route added later is attacked too.
/// </summary>
[Collection(AttackCollection.Name)]
public sealed partial class WrongRoleAttacks(TestPlatform platform)
{
    public static TheoryData<string> Services => new() { "deals", "people", "compensation", "insights", "webhooks" };

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Every_write_route_called_directly_with_a_valid_token_of_a_wrong_role_is_a_403(string service)
    {
        var (address, provider) = Host(service);
        var routes = Policies.WriteRoutes(provider.GetRequiredService<EndpointDataSource>().Endpoints).ToList();
        Assert.NotEmpty(routes);

        foreach (var route in routes)
        {
            var policy = Assert.Single(route.Policies);
            Assert.True(Policies.RolesOf.ContainsKey(policy), $"{route.Name} names {policy}, not a platform policy");
            var allowed = Policies.RolesOf[policy];
            var path = Filled(route.Pattern);
            foreach (var role in Roles.All.Except(allowed))
            {
                using var refused = await SendAsync(address, route.Method, path, role);
                await refused.AssertProblemAsync(HttpStatusCode.Forbidden);
            }

            // The refusal is the role's: a role the policy names gets past it (to validation, say).
            using var allowedAnswer = await SendAsync(address, route.Method, path, allowed[0]);
            Assert.True(
                allowedAnswer.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized),
                $"{route.Name} refused {allowed[0]}, whom {policy} allows: {(int)allowedAnswer.StatusCode}");
        }
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Every_import_kind_started_directly_with_a_valid_token_of_a_wrong_role_is_a_403(string service)
    {
        var (address, provider) = Host(service);
        if (provider.GetService<ImportCatalog>() is not { } catalog)
        {
            Assert.DoesNotContain(Policies.WriteRoutes(provider.GetRequiredService<EndpointDataSource>().Endpoints), route => route.Policies.Contains(Policies.Importer));
            return;
        }

        foreach (var kind in catalog.Kinds)
        {
            foreach (var role in Roles.All.Except(kind.Roles))
            {
                using var client = new HttpClient { BaseAddress = address };
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/imports?kind={kind.Name}")
                {
                    Content = new StringContent("", Encoding.UTF8, ImportApi.Ndjson),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", platform.Keys.Issue(role));
                using var response = await client.SendAsync(request);
                await response.AssertProblemAsync(HttpStatusCode.Forbidden);
            }
        }
    }

    private (Uri Address, IServiceProvider Services) Host(string service) => service switch
    {
        "deals" => (platform.Deals.Address, platform.Deals.Services),
        "people" => (platform.People.Address, platform.People.Services),
        "compensation" => (platform.Compensation.Address, platform.Compensation.Services),
        "insights" => (platform.Insights.Address, platform.Insights.Services),
        "webhooks" => (platform.Webhooks.Address, platform.Webhooks.Services),
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, null),
    };

    private async Task<HttpResponseMessage> SendAsync(Uri address, string method, string path, string role)
    {
        using var client = new HttpClient { BaseAddress = address };
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Attack.Json("{}") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", platform.Keys.Issue(role, Attack.NewTenant("roles")));
        return await client.SendAsync(request);
    }

    /// <summary>A concrete path for a route pattern: a new id for a guid, a slug no one has for anything else.</summary>
    private static string Filled(string pattern) =>
        Parameter().Replace(pattern, match => match.Groups["constraint"].Value.Contains("guid", StringComparison.Ordinal) ? Guid.NewGuid().ToString() : "no-such-thing");

    [GeneratedRegex(@"\{\*{0,2}(?<name>[^}:=?]+)(?<constraint>[^}]*)\}")]
    private static partial Regex Parameter();
}
