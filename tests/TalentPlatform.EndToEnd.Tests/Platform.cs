
namespace TalentPlatform.EndToEnd.Tests;

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<TestPlatform>
{
    public const string Name = "platform";
}

/// <summary>Tests that take the broker away run alone, on a platform of their own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrokerFaultCollection : ICollectionFixture<TestPlatform>
{
    public const string Name = "broker faults";
}

/// <summary>The article's demo data, on a platform of its own so that no other test's data mixes in.</summary>
[CollectionDefinition(Name)]
public sealed class ArticleCollection : ICollectionFixture<ArticlePlatform>
{
    public const string Name = "article";
}

internal static class Api
{
    /// <summary>An organization slug no other test uses, so league-table rows belong to one test.</summary>
    public static string UniqueSlug(string stem) => $"{stem}-{Guid.NewGuid():N}"[..(stem.Length + 13)];

    public static object Deal(string acquirer, decimal amount, string currency = "USD", string target = "scale-ai") => new
    {
        type = "minority-stake",
        acquirer,
        target,
        value = new { amount, currency },
        announcedOn = "2025-06-12",
        status = "announced",
    };

    public static async Task<Guid> RecordDealAsync(HttpClient analyst, object deal, CancellationToken cancellationToken = default)
    {
        using var response = await analyst.PostAsJsonAsync("/api/deals", deal, cancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return Guid.Parse(body!["id"]!.GetValue<string>());
    }

    /// <summary>The acquirer's league-table row, or null while Insights has none.</summary>
    public static async Task<JsonObject?> LeagueTableRowAsync(HttpClient client, string acquirer, CancellationToken cancellationToken)
    {
        var table = await client.GetFromJsonAsync<JsonObject>("/api/insights/deals/league-table", cancellationToken);
        return table!["items"]!.AsArray()
            .Select(item => item!.AsObject())
            .FirstOrDefault(item => item["acquirer"]!.GetValue<string>() == acquirer);
    }
}
