using TalentPlatform.Seed;

namespace TalentPlatform.EndToEnd.Tests;

/// <summary>
/// The demo data loaded through the gateway as ./deploy/up loads it; the public API then reproduces the
/// article's figures exactly.
/// </summary>
/// <summary>A platform with the demo data loaded twice through its gateway, as ./deploy/up loads it.</summary>
public sealed class ArticlePlatform : IAsyncLifetime
{
    public TestPlatform Platform { get; } = new();

    public LoadResult First { get; private set; } = null!;

    public LoadResult Again { get; private set; } = null!;

    public IReadOnlyDictionary<string, string> Ids { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Platform.InitializeAsync();
        var requests = References.ReadFolder(Path.Combine(RepositoryRoot.Path, "deploy", "demo-data")).SelectMany(file => file.Requests).ToList();
        using var analyst = Platform.Analyst();
        var loader = new Loader(analyst, Progress.Silent());
        First = await loader.LoadAsync(requests, CancellationToken.None);
        Ids = loader.Ids;
        Again = await new Loader(analyst, Progress.Silent()).LoadAsync(requests, CancellationToken.None);

        // Insights has everything once the last figures the answers need have arrived.
        using var customer = Platform.Customer();
        await Eventually.UntilAsync(
            async token =>
            {
                using var compared = await customer.GetAsync("/api/insights/deals/compare?target=windsurf", token);
                return compared.IsSuccessStatusCode ? (await compared.Content.ReadFromJsonAsync<JsonObject>(token))!["deals"]!.AsArray().Count : 0;
            },
            deals => deals == 2,
            TimeSpan.FromSeconds(60),
            "both deals for Windsurf in Insights");
        await Eventually.UntilAsync(
            async token =>
            {
                var answer = await customer.GetFromJsonAsync<JsonObject>("/api/insights/talent-vs-compute", token);
                var flows = await customer.GetFromJsonAsync<JsonObject>("/api/insights/talent-flows?organization=google-deepmind", token);
                var quality = await customer.GetFromJsonAsync<JsonObject>("/api/insights/claims/quality", token);
                var benchmarks = await customer.GetFromJsonAsync<JsonObject>("/api/insights/compensation/benchmarks?role=ml-engineer&country=GB", token);
                return (Models: answer!["models"]!.AsArray().Count, Items: answer["items"]!.AsArray().Count, Out: flows!["outflow"]!["value"]!.GetValue<int>(),
                    Disputed: quality!["disputedOrRetracted"]!["count"]!.GetValue<int>(), Bands: benchmarks!["total"]!["bandCount"]!.GetValue<int>());
            },
            seen => seen is { Models: 3, Items: 4, Out: 20, Disputed: 1, Bands: 1 },
            TimeSpan.FromSeconds(60),
            "the demo data in Insights");
    }

    public Task DisposeAsync() => Platform.DisposeAsync();
}

/// <summary>After the demo data is loaded, the public API reproduces the article's figures exactly.</summary>
[Collection(ArticleCollection.Name)]
public sealed class ArticleAcceptanceTests(ArticlePlatform article) : IDisposable
{
    private readonly HttpClient _customer = article.Platform.Customer();
    private readonly LoadResult _first = article.First;
    private readonly LoadResult _again = article.Again;
    private readonly IReadOnlyDictionary<string, string> _ids = article.Ids;

    public void Dispose() => _customer.Dispose();

    [Fact]
    public void Every_record_loads_and_loading_again_adds_nothing()
    {
        Assert.Empty(_first.Failures);
        Assert.Equal(_first.Sent, _first.Created);
        Assert.Empty(_again.Failures);
        Assert.Equal(0, _again.Created);
        Assert.Equal(_first.Sent, _again.Replayed);
    }

    [Fact]
    public async Task Gemini_1_Ultra_cost_2_43_and_Llama_3_1_405B_2_15_times_what_GPT_4_cost_to_train()
    {
        var models = (await TalentVsComputeAsync())["models"]!.AsArray().ToDictionary(model => model!["model"]!.GetValue<string>());

        Assert.Equal(79_000_000m, models["gpt-4"]!["cost"]!["usd"]!.GetValue<decimal>());
        Assert.Equal(2, models["gpt-4"]!["competingClaims"]!.GetValue<int>());
        Assert.Equal(2.43m, models["gemini-1-0-ultra"]!["ratioToBaseline"]!.GetValue<decimal>());
        Assert.Equal(2.15m, models["llama-3-1-405b"]!["ratioToBaseline"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Deitkes_package_is_62_5_million_a_year_over_four_years_and_3_16_times_GPT_4s_training()
    {
        var deitke = Item(await TalentVsComputeAsync(), _ids["offer:meta:matt-deitke"]);

        Assert.Equal(250_000_000m, deitke["amount"]!["usd"]!.GetValue<decimal>());
        Assert.Equal(62_500_000m, deitke["annualised"]!["perYear"]!.GetValue<decimal>());
        Assert.Equal(4, deitke["annualised"]!["years"]!.GetValue<int>());
        Assert.Equal(3.16m, Ratio(deitke, "gpt-4"));
        Assert.Equal("reported", deitke["claimStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_100_million_signing_bonus_is_333_years_of_a_senior_US_ML_engineer_at_300k()
    {
        var answer = await TalentVsComputeAsync();
        var bonus = Item(answer, _ids["offer:meta:openai-staff"]);

        Assert.Equal(300_000m, answer["referencePay"]!["annualBase"]!["usd"]!.GetValue<decimal>());
        Assert.True(bonus["upTo"]!.GetValue<bool>());
        Assert.Equal(333, (int)Math.Floor(bonus["yearsOfReferencePay"]!.GetValue<decimal>()));
        Assert.Equal("named-person", await AttributionOfAsync(_ids["offer:meta:openai-staff"]));
    }

    [Fact]
    public async Task Google_DeepMind_lost_at_least_20_to_Microsoft_so_its_net_is_at_most_minus_19()
    {
        var flows = await _customer.GetFromJsonAsync<JsonObject>("/api/insights/talent-flows?organization=google-deepmind");

        var microsoft = flows!["counterparties"]!.AsArray().Single(party => party!["organization"]!.GetValue<string>() == "microsoft")!;
        Assert.Equal((20, "at-least"), (microsoft["outflow"]!["value"]!.GetValue<int>(), microsoft["outflow"]!["bound"]!.GetValue<string>()));
        Assert.Equal((-20, "at-most"), (microsoft["net"]!["value"]!.GetValue<int>(), microsoft["net"]!["bound"]!.GetValue<string>()));
        Assert.Equal((-19, "at-most"), (flows["net"]!["value"]!.GetValue<int>(), flows["net"]!["bound"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_UK_band_is_converted_with_the_stored_GBP_rate_and_its_date_shown()
    {
        var rates = (await _customer.GetFromJsonAsync<JsonObject>("/api/insights/reference/fx-rates?currency=GBP"))!["items"]!.AsArray();
        var inForce = rates.Where(rate => DateOnly.Parse(rate!["on"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) <= new DateOnly(2025, 8, 10))
            .OrderByDescending(rate => rate!["on"]!.GetValue<string>(), StringComparer.Ordinal).First()!;

        var benchmarks = await _customer.GetFromJsonAsync<JsonObject>("/api/insights/compensation/benchmarks?role=ml-engineer&country=GB");

        var band = Assert.Single(benchmarks!["total"]!["bands"]!.AsArray())!;
        var usdPerPound = inForce["usdPerUnit"]!.GetValue<decimal>();
        Assert.Equal(usdPerPound, band["min"]!["rate"]!.GetValue<decimal>());
        Assert.Equal(inForce["on"]!.GetValue<string>(), band["min"]!["rateOn"]!.GetValue<string>());
        Assert.Equal(decimal.Round(140_000m * usdPerPound, 2), band["min"]!["usd"]!.GetValue<decimal>());
        Assert.Equal(decimal.Round(300_000m * usdPerPound, 2), band["max"]!["usd"]!.GetValue<decimal>());
        Assert.Equal(140_000m, band["min"]!["amount"]!.GetValue<decimal>());
        Assert.Equal("GBP", band["min"]!["currency"]!.GetValue<string>());
    }

    [Fact]
    public async Task Meta_and_Scale_AI_rest_on_the_confirmed_14_3_billion_with_every_competing_figure_kept()
    {
        using var read = await _customer.GetAsync($"/api/deals/{_ids["deal:meta-scale-ai"]}");
        var deal = (await read.Content.ReadFromJsonAsync<JsonObject>())!;
        var table = await _customer.GetFromJsonAsync<JsonObject>("/api/insights/deals/league-table?acquirer=meta");

        Assert.Equal(14_300_000_000m, deal["value"]!["amount"]!.GetValue<decimal>());
        Assert.Equal("confirmed", deal["value"]!["claimStatus"]!.GetValue<string>());
        Assert.Equal(49m, deal["stake"]!["percent"]!.GetValue<decimal>());
        Assert.Equal(
            [14_000_000_000m, 14_300_000_000m, 14_800_000_000m],
            deal["claims"]!.AsArray().Where(claim => claim!["term"]!.GetValue<string>() == "value").Select(claim => claim!["value"]!["amount"]!.GetValue<decimal>()).Order());
        Assert.Equal(14_300_000_000m, table!["items"]![0]!["totalValueUsd"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Scale_AI_was_worth_29_2_billion_on_the_confirmed_figures_and_28_6_billion_on_the_articles()
    {
        var dealId = _ids["deal:meta-scale-ai"];
        var answer = (await _customer.GetFromJsonAsync<JsonObject>($"/api/insights/deals/{dealId}/implied-valuation"))!;
        var deal = (await _customer.GetFromJsonAsync<JsonObject>($"/api/deals/{dealId}"))!;

        var valuation = answer["impliedValuation"]!;
        Assert.Equal(29_183_673_469m, valuation["current"]!["value"]!["amount"]!.GetValue<decimal>());
        Assert.Equal("confirmed", valuation["current"]!["claimStatus"]!.GetValue<string>());
        Assert.Equal("Scale AI", valuation["current"]!["fromValue"]!["source"]!["publisher"]!.GetValue<string>());
        Assert.Equal(49m, valuation["current"]!["fromStake"]!["percent"]!.GetValue<decimal>());
        var pairs = valuation["pairs"]!.AsArray();
        Assert.Equal([28_571_428_571m, 29_183_673_469m, 30_204_081_633m], pairs.Select(pair => pair!["value"]!["amount"]!.GetValue<decimal>()).Order());
        var articles = pairs.Single(pair => pair!["fromValue"]!["value"]!["amount"]!.GetValue<decimal>() == 14_000_000_000m)!;
        Assert.Equal("reported", articles["claimStatus"]!.GetValue<string>());
        Assert.Equal("anonymous-source", articles["fromValue"]!["source"]!["attribution"]!.GetValue<string>());
        Assert.Contains("value ÷ (stake ÷ 100)", valuation["rule"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(valuation.ToJsonString(), deal["impliedValuation"]!.ToJsonString());
    }

    [Fact]
    public async Task Googles_2_4_billion_for_Windsurf_is_0_8_times_OpenAIs_collapsed_3_billion_offer()
    {
        var answer = (await _customer.GetFromJsonAsync<JsonObject>("/api/insights/deals/compare?target=windsurf"))!;

        var deals = answer["deals"]!.AsArray().ToDictionary(deal => deal!["dealId"]!.GetValue<string>(), deal => deal!);
        var google = deals[_ids["deal:google-windsurf"]];
        var openAi = deals[_ids["deal:openai-windsurf"]];
        Assert.Equal(("licence-and-hire", "announced", 2_400_000_000m), (google["structure"]!.GetValue<string>(), google["status"]!.GetValue<string>(), google["value"]!["usd"]!.GetValue<decimal>()));
        Assert.Equal(("acquisition", "cancelled", 3_000_000_000m), (openAi["structure"]!.GetValue<string>(), openAi["status"]!.GetValue<string>(), openAi["value"]!["usd"]!.GetValue<decimal>()));
        Assert.Equal("anonymous-source", Assert.Single(openAi["sources"]!.AsArray())!["source"]!["attribution"]!.GetValue<string>());
        var ratio = answer["ratios"]!.AsArray().Single(ratio => ratio!["of"]!.GetValue<string>() == _ids["deal:google-windsurf"]);
        Assert.Equal((_ids["deal:openai-windsurf"], 0.8m), (ratio!["to"]!.GetValue<string>(), ratio["ratio"]!.GetValue<decimal>()));

        var named = (await _customer.GetFromJsonAsync<JsonObject>($"/api/insights/deals/compare?deals={_ids["deal:openai-windsurf"]},{_ids["deal:google-windsurf"]}"))!;
        Assert.Equal(answer["ratios"]!.ToJsonString(), named["ratios"]!.ToJsonString());
    }

    [Theory]
    [InlineData("", "target")]
    [InlineData("?target=windsurf&deals={deal:google-windsurf},{deal:openai-windsurf}", "target")]
    [InlineData("?target=Windsurf!", "target")]
    [InlineData("?deals={deal:google-windsurf}", "deals")]
    [InlineData("?deals={deal:google-windsurf},not-a-deal", "deals")]
    [InlineData("?deals={deal:google-windsurf},{deal:google-windsurf}", "deals")]
    [InlineData("?deals={deal:meta-scale-ai},{deal:openai-windsurf}", "deals")]
    public async Task A_comparison_that_names_nothing_comparable_is_a_400_naming_the_field(string query, string field)
    {
        using var response = await _customer.GetAsync("/api/insights/deals/compare" + Resolve(query));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]![field] is not null, problem.ToJsonString());
    }

    [Theory]
    [InlineData("/api/insights/deals/compare?target=no-such-target")]
    [InlineData("/api/insights/deals/compare?deals={deal:google-windsurf},00000000-0000-0000-0000-000000000001")]
    [InlineData("/api/insights/deals/00000000-0000-0000-0000-000000000001/implied-valuation")]
    [InlineData("/api/insights/deals/{deal:google-windsurf}/implied-valuation")]
    public async Task An_unknown_deal_or_one_without_a_stake_is_a_404_problem(string path)
    {
        using var response = await _customer.GetAsync(Resolve(path));

        await ProblemAsync(response, HttpStatusCode.NotFound);
    }

    private string Resolve(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\{(deal:[a-z0-9:-]+)\}", match => _ids[match.Groups[1].Value]);

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(body)!.AsObject();
    }

    [Fact]
    public async Task Claim_quality_counts_the_single_anonymous_rival_and_disputed_figures()
    {
        var quality = await _customer.GetFromJsonAsync<JsonObject>("/api/insights/claims/quality");

        Assert.True(quality!["anonymousSource"]!["count"]!.GetValue<int>() >= 4);
        Assert.True(quality["namedPerson"]!["count"]!.GetValue<int>() >= 1);
        Assert.Equal(1, quality["disputedOrRetracted"]!["count"]!.GetValue<int>());
        var named = await _customer.GetFromJsonAsync<JsonObject>(quality["namedPerson"]!["facts"]!.GetValue<string>() + "&pageSize=200");
        Assert.Contains(named!["items"]!.AsArray(), figure => figure!["claims"]!.AsArray().Any(claim => claim!["publisher"]!.GetValue<string>().StartsWith("Sam Altman", StringComparison.Ordinal)));
    }

    private async Task<JsonObject> TalentVsComputeAsync() => (await _customer.GetFromJsonAsync<JsonObject>("/api/insights/talent-vs-compute"))!;

    private static JsonObject Item(JsonObject answer, string id) =>
        answer["items"]!.AsArray().Single(item => item!["id"]!.GetValue<string>() == id)!.AsObject();

    private static decimal Ratio(JsonObject item, string model) =>
        item["ratios"]!.AsArray().Single(ratio => ratio!["model"]!.GetValue<string>() == model)!["value"]!.GetValue<decimal>();

    private async Task<string?> AttributionOfAsync(string offerId)
    {
        var quality = await _customer.GetFromJsonAsync<JsonObject>("/api/insights/claims/quality");
        var named = await _customer.GetFromJsonAsync<JsonObject>(quality!["namedPerson"]!["facts"]!.GetValue<string>() + "&pageSize=200");
        return named!["items"]!.AsArray().FirstOrDefault(figure => figure!["id"]!.GetValue<string>() == offerId)?["claims"]?[0]?["attribution"]?.GetValue<string>();
    }
}
