using System.Globalization;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using TalentPlatform.Insights;

namespace TalentPlatform.Security.Tests;

/// <summary>
/// A determined customer with real tenant keys, through the gateway, against the pay benchmarks: padding its own rows
/// around another tenant's, differencing answers across levels, countries and totals, differencing as-of answers
/// around a row's arrival, and every filter of a small market at once. Each attack names the protection it meets; the
/// report of issue 13 says which protection was removed to see each one fail.
/// </summary>
[Collection(AttackCollection.Name)]
public sealed class PayPrivacyAttacks(TestPlatform platform)
{
    private const string Benchmarks = "/api/insights/compensation/benchmarks";

    [Fact]
    public async Task Two_low_and_two_high_rows_beside_another_tenants_single_row_never_show_it_fewer_than_three_contributors()
    {
        var role = NewRole();
        var (victim, attacker) = (await TenantAsync("victim"), await TenantAsync("padder"));

        await SubmitAsync(
            (victim, role, "senior", "GB", 151_234m),
            (attacker, role, "senior", "GB", 10_000m), (attacker, role, "senior", "GB", 11_000m),
            (attacker, role, "senior", "GB", 900_000m), (attacker, role, "senior", "GB", 901_000m));

        await AssertNeverShownAsync(attacker, role, "senior", "GB", PayPrivacy.TooFewContributors, 151_234m);
    }

    [Fact]
    public async Task Padding_beside_two_other_tenants_rows_is_held_back_by_dominance()
    {
        var role = NewRole();
        var (victim, bystander, attacker) = (await TenantAsync("victim"), await TenantAsync("bystander"), await TenantAsync("padder"));

        // Six rows from three contributors, four of them the attacker's: published, their median would be the other two's mean.
        await SubmitAsync(
            (victim, role, "senior", "GB", 151_234m), (bystander, role, "senior", "GB", 161_234m),
            (attacker, role, "senior", "GB", 10_000m), (attacker, role, "senior", "GB", 11_000m),
            (attacker, role, "senior", "GB", 900_000m), (attacker, role, "senior", "GB", 901_000m));

        await AssertNeverShownAsync(attacker, role, "senior", "GB", PayPrivacy.TooFewRowsOrDominance, 151_234m, 156_234m, 161_234m);
    }

    [Fact]
    public async Task Half_of_a_cells_rows_beside_one_other_tenants_half_is_held_back_by_the_contributor_rule()
    {
        var role = NewRole();
        var (victim, attacker) = (await TenantAsync("victim"), await TenantAsync("padder"));

        // Three low rows of the attacker's under three of the victim's: published, p50 and p75 would be the victim's own.
        await SubmitAsync(
            (victim, role, "staff", "DE", 201_234m), (victim, role, "staff", "DE", 211_234m), (victim, role, "staff", "DE", 221_234m),
            (attacker, role, "staff", "DE", 1_000m), (attacker, role, "staff", "DE", 1_100m), (attacker, role, "staff", "DE", 1_200m));

        await AssertNeverShownAsync(attacker, role, "staff", "DE", PayPrivacy.TooFewContributors, 201_234m, 211_234m, 221_234m);
    }

    [Fact]
    public async Task Totals_of_levels_countries_and_the_role_minus_their_published_cells_give_nothing_of_a_hidden_cell()
    {
        var role = NewRole();
        var tenants = await TenantsAsync(3);
        var victim = await TenantAsync("victim");
        await SubmitAsync([
            .. Cell(tenants, role, "senior", "US", 300_000m),
            .. Cell(tenants, role, "mid", "GB", 120_000m),
            (victim, role, "senior", "GB", 187_654m), (tenants[0], role, "senior", "GB", 190_000m)]);

        var published = new Dictionary<string, List<decimal>>
        {
            ["senior/US"] = Values(300_000m),
            ["mid/GB"] = Values(120_000m),
        };
        foreach (var (level, country) in new (string?, string?)[] { (null, null), ("senior", null), (null, "GB"), ("senior", "GB"), ("mid", null), (null, "US") })
        {
            var answer = await AskAsync(tenants[0], role, level, country, null);
            var covered = published.Where(cell => Covers(level, country, cell.Key)).SelectMany(cell => cell.Value).Order().ToList();
            AssertPoolsExactly(covered, answer["total"]!, $"{level}/{country}");
            foreach (var (_, cell) in Cells(answer).Where(cell => cell.Key == "senior/GB"))
            {
                AssertHidden(cell, PayPrivacy.TooFewContributors);
            }

            Assert.DoesNotContain("187654", answer.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task As_of_just_before_and_just_after_a_row_arrived_are_the_same_answer_and_the_row_alone_changes_nothing()
    {
        var role = NewRole();
        var tenants = await TenantsAsync(3);
        var (victim, attacker) = (await TenantAsync("victim"), await TenantAsync("padder"));

        var beforePublication = DateTimeOffset.UtcNow;
        await SubmitAsync(Cell(tenants, role, "senior", "US", 300_000m));
        var published = (await AskAsync(attacker, role, "senior", "US", null))["total"]!.ToJsonString();
        var beforeVictim = DateTimeOffset.UtcNow;

        // The victim's row, with the attacker's and a bystander's beside it: five new rows, three the attacker's.
        await SubmitAsync(
            (victim, role, "senior", "US", 345_678m), (tenants[0], role, "senior", "US", 301_000m),
            (attacker, role, "senior", "US", 299_000m), (attacker, role, "senior", "US", 299_500m), (attacker, role, "senior", "US", 299_900m));
        var afterVictim = DateTimeOffset.UtcNow;

        Assert.Equal(published, (await AskAsync(attacker, role, "senior", "US", null))["total"]!.ToJsonString());
        var justBefore = await AskAsync(attacker, role, "senior", "US", beforeVictim);
        var justAfter = await AskAsync(attacker, role, "senior", "US", afterVictim);
        Assert.Equal(justBefore.ToJsonString(), justAfter.ToJsonString());
        Assert.Equal(
            (await AskAsync(attacker, role, "senior", "US", beforePublication)).ToJsonString(),
            (await AskAsync(attacker, role, "senior", "US", beforeVictim)).ToJsonString());
        var month = new DateTimeOffset(afterVictim.Year, afterVictim.Month, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(month, justAfter["asOf"]!.GetValue<DateTimeOffset>());
        Assert.DoesNotContain("345678", justAfter.ToJsonString() + published, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_filter_combination_of_a_small_market_shows_only_what_its_published_cells_hold()
    {
        var role = NewRole();
        var tenants = await TenantsAsync(4);
        var (victim, attacker) = (await TenantAsync("victim"), await TenantAsync("padder"));

        // Published: senior/US, mid/GB (and mid/US, whose later rows wait). Hidden: senior/GB (too few rows),
        // mid/DE (two contributors), senior/DE (one contributor above half).
        await SubmitAsync([
            .. Cell(tenants, role, "senior", "US", 300_000m),
            .. Cell(tenants, role, "mid", "GB", 120_000m),
            .. Cell(tenants, role, "mid", "US", 150_000m),
            (victim, role, "senior", "GB", 187_654m), (tenants[1], role, "senior", "GB", 190_000m), (tenants[2], role, "senior", "GB", 191_000m),
            (victim, role, "mid", "DE", 98_765m), (attacker, role, "mid", "DE", 1_000m), (attacker, role, "mid", "DE", 1_100m),
            (attacker, role, "mid", "DE", 900_000m), (attacker, role, "mid", "DE", 900_100m), (victim, role, "mid", "DE", 97_531m),
            (victim, role, "senior", "DE", 222_222m), (tenants[3], role, "senior", "DE", 223_000m), (attacker, role, "senior", "DE", 1_000m),
            (attacker, role, "senior", "DE", 1_100m), (attacker, role, "senior", "DE", 900_000m), (attacker, role, "senior", "DE", 900_100m)]);
        // Four more rows of mid/US from two contributors: not enough to publish again.
        await SubmitAsync((victim, role, "mid", "US", 151_111m), (attacker, role, "mid", "US", 1_000m), (attacker, role, "mid", "US", 1_100m), (victim, role, "mid", "US", 152_222m));

        var published = new Dictionary<string, List<decimal>>
        {
            ["senior/US"] = Values(300_000m),
            ["mid/GB"] = Values(120_000m),
            ["mid/US"] = Values(150_000m),
        };
        var hidden = new Dictionary<string, string>
        {
            ["senior/GB"] = PayPrivacy.TooFewRowsOrDominance,
            ["mid/DE"] = PayPrivacy.TooFewContributors,
            ["senior/DE"] = PayPrivacy.TooFewRowsOrDominance,
        };
        var secrets = new[] { "187654", "98765", "97531", "222222", "151111", "152222" };
        var seen = new Dictionary<string, string>();
        foreach (var level in new[] { null, "senior", "mid", "staff" })
        {
            foreach (var country in new[] { null, "US", "GB", "DE", "FR" })
            {
                foreach (var asOf in new DateTimeOffset?[] { null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMonths(1), new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero) })
                {
                    var answer = await AskAsync(attacker, role, level, country, asOf);
                    var what = $"{level}/{country} as of {asOf:O}";
                    var visible = asOf is null || asOf > DateTimeOffset.UtcNow.AddDays(1);
                    var covered = visible ? published.Where(cell => Covers(level, country, cell.Key)).SelectMany(cell => cell.Value).Order().ToList() : [];
                    AssertPoolsExactly(covered, answer["total"]!, what);
                    foreach (var (key, cell) in Cells(answer))
                    {
                        if (hidden.TryGetValue(key, out var rule))
                        {
                            AssertHidden(cell, visible ? rule : null);
                        }
                        else if (visible)
                        {
                            AssertPoolsExactly(published[key], cell, $"{key} in {what}");
                        }

                        // A cell shows the same whatever the filters that reach it (its link to its facts carries the asOf).
                        var shown = cell.DeepClone().AsObject();
                        shown.Remove("facts");
                        if (visible && !seen.TryAdd(key, shown.ToJsonString()))
                        {
                            Assert.Equal(seen[key], shown.ToJsonString());
                        }
                    }

                    foreach (var secret in secrets)
                    {
                        Assert.DoesNotContain(secret, answer.ToJsonString(), StringComparison.Ordinal);
                    }
                }
            }
        }

        Assert.Equal(published.Keys.Concat(hidden.Keys).Order(StringComparer.Ordinal), seen.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Polling_with_the_answers_ETag_never_tells_that_a_row_arrived_until_a_publication_changes_the_answer()
    {
        var role = NewRole();
        var tenants = await TenantsAsync(3);
        var (victim, attacker) = (await TenantAsync("victim"), await TenantAsync("poller"));
        await SubmitAsync([.. Cell(tenants, role, "senior", "US", 300_000m), (tenants[0], role, "senior", "GB", 190_000m)]);
        var url = $"{Benchmarks}?role={role}";
        using var first = await attacker.GetAsync(url);
        var etag = first.Headers.ETag!;

        // The victim's row waits in a published cell, another in a hidden one: nothing published changes, so neither does the ETag.
        await SubmitAsync((victim, role, "senior", "US", 345_678m), (victim, role, "senior", "GB", 187_654m));
        using var polled = await IfNoneMatchAsync(attacker, url, etag);

        // Five more rows from three contributors publish the cell again: the answer and its ETag change.
        await SubmitAsync(Cell(tenants, role, "senior", "US", 310_000m));
        using var republished = await IfNoneMatchAsync(attacker, url, etag);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, polled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, republished.StatusCode);
        Assert.NotEqual(etag, republished.Headers.ETag);
    }

    private static async Task<HttpResponseMessage> IfNoneMatchAsync(HttpClient client, string url, System.Net.Http.Headers.EntityTagHeaderValue etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(etag);
        return await client.SendAsync(request);
    }

    /// <summary>Five rows from three of the tenants (2, 2, 1) around a centre: a cell publishable as it stands.</summary>
    private static (HttpClient, string, string, string, decimal)[] Cell(IReadOnlyList<HttpClient> tenants, string role, string level, string country, decimal centre) =>
        [.. Values(centre).Select((value, i) => (tenants[i % 3], role, level, country, value))];

    private static List<decimal> Values(decimal centre) => [centre - 20_000m, centre - 10_000m, centre, centre + 10_000m, centre + 20_000m];

    private static bool Covers(string? level, string? country, string key) =>
        (level is null || key.StartsWith(level + "/", StringComparison.Ordinal)) && (country is null || key.EndsWith("/" + country, StringComparison.Ordinal));

    private static IEnumerable<(string Key, JsonNode Cell)> Cells(JsonObject answer) =>
        answer["cells"]!.AsArray().Select(cell => ($"{cell!["level"]!.GetValue<string>()}/{cell["country"]!.GetValue<string>()}", cell!));

    /// <summary>n and the base percentiles are exactly those of the published values given, and nothing else: none of a hidden cell's rows is in them.</summary>
    private static void AssertPoolsExactly(List<decimal> values, JsonNode cell, string what)
    {
        if (values.Count == 0)
        {
            Assert.True(cell["n"] is null, $"{what}: shows n {cell["n"]} with no published cell under it");
            Assert.Null(cell["measures"]!["base"]);
            return;
        }

        Assert.True(values.Count == cell["n"]?.GetValue<int>(), $"{what}: n {cell["n"]} is not the {values.Count} published rows under it");
        var basePay = cell["measures"]!["base"]!;
        foreach (var (name, p) in new[] { ("p25", 0.25m), ("p50", 0.50m), ("p75", 0.75m) })
        {
            Assert.Equal(decimal.Round(Percentiles.Of(values, p), 2), basePay[name]!.GetValue<decimal>());
        }

        Assert.Equal(values.Count >= 10 ? decimal.Round(Percentiles.Of(values, 0.9m), 2) : null, basePay["p90"]?.GetValue<decimal>());
    }

    private static void AssertHidden(JsonNode cell, string? rule)
    {
        Assert.Equal("primary", cell["suppression"]!.GetValue<string>());
        Assert.Null(cell["n"]);
        Assert.Null(cell["tenantRows"]);
        Assert.Null(cell["marketRows"]);
        Assert.Null(cell["excludedUnconverted"]);
        Assert.All(cell["measures"]!.AsObject(), measure => Assert.Null(measure.Value));
        if (rule is not null)
        {
            Assert.Equal(rule, cell["suppressedBy"]!.GetValue<string>());
        }
    }

    private async Task AssertNeverShownAsync(HttpClient attacker, string role, string level, string country, string rule, params decimal[] secrets)
    {
        foreach (var (askLevel, askCountry) in new (string?, string?)[] { (level, country), (level, null), (null, country), (null, null) })
        {
            var answer = await AskAsync(attacker, role, askLevel, askCountry, null);
            var cell = Cells(answer).Single(cell => cell.Key == $"{level}/{country}").Cell;
            AssertHidden(cell, rule);

            // Asked for the cell itself, its total is the cell; any coarser total has no published cell under it.
            AssertHidden(answer["total"]!, askLevel is not null && askCountry is not null ? rule : PayPrivacy.NoPublishedCell);
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret.ToString("0", CultureInfo.InvariantCulture), answer.ToJsonString(), StringComparison.Ordinal);
            }
        }
    }

    private static string NewRole() => $"attack-{Guid.NewGuid():N}";

    private async Task<HttpClient> TenantAsync(string stem) => platform.Client((await platform.IssueKeyAsync(Attack.NewTenant(stem), "customer")).Key);

    private async Task<List<HttpClient>> TenantsAsync(int count)
    {
        var tenants = new List<HttpClient>();
        for (var i = 0; i < count; i++)
        {
            tenants.Add(await TenantAsync($"payroll{i}"));
        }

        return tenants;
    }

    private static async Task<JsonObject> AskAsync(HttpClient client, string role, string? level, string? country, DateTimeOffset? asOf)
    {
        var query = $"{Benchmarks}?role={role}" + (level is null ? "" : $"&level={level}") + (country is null ? "" : $"&country={country}")
            + (asOf is null ? "" : $"&asOf={Uri.EscapeDataString(asOf.Value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))}");
        using var response = await client.GetAsync(query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query} answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>Submits each row through the gateway with its tenant's key, in order, and waits until the pay index holds them all.</summary>
    private async Task SubmitAsync(params (HttpClient Tenant, string Role, string Level, string Country, decimal Base)[] rows)
    {
        var ids = new List<Guid>();
        foreach (var (tenant, role, level, country, basePay) in rows)
        {
            var amount = basePay.ToString(CultureInfo.InvariantCulture);
            var row = $$$"""
                {"role":"{{{role}}}","level":"{{{level}}}","location":{"country":"{{{country}}}","city":"Somewhere"},"currency":"USD","period":"annual",
                 "components":{"base":{"amount":{{{amount}}}}},"effectiveOn":"2025-04-01"}
                """;
            ids.Add(await tenant.PostJsonAsync("/api/compensation/submissions", row).CreatedIdAsync());
        }

        var store = platform.Insights.Services.GetRequiredService<IDocumentStore>();
        await Eventually.UntilAsync(
            async token =>
            {
                await using var session = store.QuerySession();
                var kept = 0;
                foreach (var id in ids)
                {
                    kept += await session.Events.FetchStreamStateAsync(id, token) is null ? 0 : 1;
                }

                return kept;
            },
            kept => kept == ids.Count,
            TimeSpan.FromSeconds(60),
            $"the {ids.Count} rows in Insights' store");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await platform.Insights.Services.GetRequiredService<PayIndexFollower>().CaughtUpAsync(timeout.Token);
    }
}
