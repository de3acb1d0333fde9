using System.Text;

namespace TalentPlatform.EndToEnd.Tests;

/// <summary>Imports through the gateway, as analysts upload files: to the owning service, on to Insights.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ImportTests(TestPlatform platform)
{
    [Fact]
    public async Task Deals_imported_at_the_gateway_reach_the_league_table_like_deals_recorded_one_by_one()
    {
        using var analyst = platform.Analyst();
        using var customer = platform.Customer();
        var acquirer = Api.UniqueSlug("importer");
        var csv = new StringBuilder("type,acquirer,target,status,announcedOn,value.amount,value.currency\n");
        for (var n = 1; n <= 50; n++)
        {
            csv.Append($"acquisition,{acquirer},target-{n},announced,2025-06-12,{n}000000,USD\n");
        }

        using var response = await analyst.ImportAsync("deals", ImportApi.Csv, csv.ToString());
        var accepted = await response.AcceptedImportAsync();
        var import = await analyst.FinishedImportAsync(accepted["id"]!.GetValue<string>());
        Assert.Equal("completed", ImportApi.State(import));

        var row = await Eventually.UntilAsync(
            token => Api.LeagueTableRowAsync(customer, acquirer, token),
            found => found?["dealCount"]?.GetValue<int>() == 50,
            TimeSpan.FromSeconds(60),
            "the imported deals in the league table");
        Assert.Equal(1_275_000_000m, row!["totalValueUsd"]!.GetValue<decimal>());
    }
}
