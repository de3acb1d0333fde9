using Npgsql;
using DealsProgram = TalentPlatform.Deals.Program;
using GatewayProgram = TalentPlatform.Gateway.Program;

namespace TalentPlatform.Security.Tests;

/// <summary>
/// Deals and a gateway in front of it, on a database this fixture may break: the server error a user
/// could meet when the database goes away, without an endpoint made to fail on purpose.
/// </summary>
public sealed class BreakableDeals : IAsyncLifetime
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..10];

    public ServiceHost<DealsProgram> Deals { get; private set; } = null!;

    public ServiceHost<GatewayProgram> Gateway { get; private set; } = null!;

    public string AnalystKey { get; } = $"tp_analyst_{Guid.NewGuid():N}";

    public TestServers Servers { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Servers = await TestServers.GetAsync();
        var prefix = $"test-{_id}.";
        Deals = new ServiceHost<DealsProgram>(Servers, "services/Deals/TalentPlatform.Deals", $"talent_deals_{_id}", prefix).Listen();
        var settings = new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:deals:Destinations:primary:Address"] = Deals.Address.ToString(),
            ["ReverseProxy:Clusters:people:Destinations:primary:Address"] = "http://127.0.0.1:9/",
            ["ReverseProxy:Clusters:compensation:Destinations:primary:Address"] = "http://127.0.0.1:9/",
            ["ReverseProxy:Clusters:insights:Destinations:primary:Address"] = "http://127.0.0.1:9/",
            ["ReverseProxy:Clusters:webhooks:Destinations:primary:Address"] = "http://127.0.0.1:9/",
        };
        GatewaySettings.AddKey(settings, 0, "analyst", AnalystKey);
        Gateway = new ServiceHost<GatewayProgram>(Servers, "gateway/TalentPlatform.Gateway", $"talent_gateway_{_id}", prefix, settings).Listen();
        await Deals.WaitUntilReadyAsync();
    }

    /// <summary>Takes the database away from under Deals, as an outage or a dropped database would.</summary>
    public async Task BreakDatabaseAsync()
    {
        await using var connection = new NpgsqlConnection(Servers.Postgres);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists \"{Deals.Database}\" with (force)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        if (Deals is not null)
        {
            await Deals.DisposeAsync();
        }
    }
}

public sealed class ErrorLeakAttacks(BreakableDeals platform) : IClassFixture<BreakableDeals>
{
    [Fact]
    public async Task A_server_error_is_a_problem_that_shows_no_stack_trace_SQL_or_connection_details()
    {
        using var analyst = new HttpClient { BaseAddress = platform.Gateway.Address };
        analyst.DefaultRequestHeaders.Add("X-Api-Key", platform.AnalystKey);
        using (var healthy = await analyst.GetAsync("/api/deals"))
        {
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        }

        await platform.BreakDatabaseAsync();
        using var read = await analyst.GetAsync("/api/deals?organization=meta");
        using var write = await analyst.PostAsync("/api/deals", Attack.Json(Attack.Deal));

        foreach (var response in new[] { read, write })
        {
            // 503 while a request meets a connection the drop killed (it may be sent again), 500 once the database is
            // found gone; either way a problem that tells nothing.
            Assert.True(response.StatusCode is HttpStatusCode.InternalServerError or HttpStatusCode.ServiceUnavailable, $"answered {(int)response.StatusCode}");
            var problem = await response.AssertProblemAsync(response.StatusCode);
            var text = problem.ToJsonString() + string.Join("\n", response.Headers.Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));
            foreach (var secret in new[]
            {
                "Exception", "Npgsql", "Marten", " at ", ".cs:", "3D000", "select ", "insert ", "mt_", "Host=", "Username", "Password",
                "postgres", platform.Deals.Database!, "127.0.0.1", "Kestrel",
            })
            {
                Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
            }

            Assert.NotNull(problem["traceId"]);
        }
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem_and_without_a_key_a_401_that_tells_nothing_about_routes()
    {
        using var anonymous = new HttpClient { BaseAddress = platform.Gateway.Address };
        using var analyst = new HttpClient { BaseAddress = platform.Gateway.Address };
        analyst.DefaultRequestHeaders.Add("X-Api-Key", platform.AnalystKey);

        foreach (var path in new[] { "/api/nothing-here", "/admin", "/.env", "/api/deals/../../etc/passwd", "/openapi/v2.json" })
        {
            using var known = await analyst.GetAsync(path);
            using var unknown = await anonymous.GetAsync(path);
            Assert.True(known.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{path}: {(int)known.StatusCode} {known.Content.Headers.ContentType}");
            await known.AssertProblemAsync(HttpStatusCode.NotFound);
            await unknown.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
    }
}
