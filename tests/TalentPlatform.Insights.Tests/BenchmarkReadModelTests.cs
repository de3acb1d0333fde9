using CsCheck;
using TalentPlatform.Compensation.Contracts;
using TalentPlatform.Insights.GettingBenchmarks;
using TalentPlatform.Vocabulary.Claims;

namespace TalentPlatform.Insights.Tests;

/// <summary>
/// Benchmarks now come from cells computed once per role and stored (<see cref="PayCells"/>); they must give
/// exactly what the per-request, in-memory computation gave before — figures, n, suppression — on any data.
/// </summary>
public sealed class BenchmarkReadModelTests
{
    private static readonly string?[] LevelsSeen = [null, "junior", "mid", "senior"];
    private static readonly string?[] CountriesSeen = [null, "US", "GB", "SE"];

    private static readonly UsdRates Rates = new(
    [
        Rate("GBP", 1.2781m, new DateOnly(2024, 7, 1)),
        Rate("GBP", 1.2537m, new DateOnly(2023, 7, 1)),
        Rate("EUR", 1.0813m, new DateOnly(2024, 1, 1)),
    ]);

    private static readonly Gen<PayFact> Fact =
        from origin in Gen.OneOf(PayOrigin.Market, PayOrigin.Market, PayOrigin.Tenant)
        from level in Gen.OneOf(LevelsSeen)
        from country in Gen.OneOf(CountriesSeen)
        // SEK has no rate: its points are left out and counted; EUR has none before 2024.
        from currency in Gen.OneOf("USD", "USD", "GBP", "EUR", "SEK")
        from period in Gen.OneOf<PayPeriod?>(PayPeriod.Annual, PayPeriod.Annual, PayPeriod.Monthly, PayPeriod.Hourly, PayPeriod.OneOff, null)
        from kind in Gen.OneOf<FigureKind?>(FigureKind.Point, FigureKind.Point, FigureKind.Point, FigureKind.Point, FigureKind.Range, FigureKind.Average, FigureKind.Median, null)
        from basePay in Figure
        from bonus in Figure
        from equity in Figure
        from signOn in Figure
        from day in Gen.Int[0, 900]
        from status in Gen.OneOf<ClaimStatus?>(ClaimStatus.Reported, ClaimStatus.Confirmed, null)
        select new PayFact
        {
            Id = Guid.NewGuid(),
            Origin = origin,
            Tenant = origin == PayOrigin.Tenant ? "acme" : null,
            Role = "ml-engineer",
            Level = level,
            Country = country,
            Currency = currency,
            Period = period,
            Kind = kind,
            Components = new PayComponents(basePay, bonus, equity, signOn),
            On = new DateOnly(2023, 1, 1).AddDays(day),
            Publisher = origin == PayOrigin.Market ? "Press" : null,
            ClaimStatus = status,
            RecordedAt = new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero),
        };

    /// <summary>Absent, or a figure: an amount in cents (sometimes none at all, which counts as 0), and a band.</summary>
    private static Gen<PayFigure?> Figure =>
        from present in Gen.Int[0, 2]
        from cents in Gen.Long[0, 50_000_000]
        from width in Gen.Long[0, 10_000_000]
        from noAmount in Gen.Int[0, 20]
        select present == 0 ? null : new PayFigure(noAmount == 0 ? null : cents / 100m, cents / 100m, (cents + width) / 100m);

    [Fact]
    public void Cells_kept_per_role_answer_exactly_as_the_in_memory_computation_did()
    {
        var market = Fact.List[0, 160];
        var query = Gen.Select(Gen.OneOf<string?>(null, "mid", "junior"), Gen.OneOf<string?>(null, "US", "GB"), Gen.Int[1, 8], Gen.Int[0, 6]);
        Gen.Select(market, query).Sample(
            (facts, question) =>
            {
                var (level, country, k, outerExtra) = question;
                var outerFrom = k + outerExtra;
                var expected = InMemoryBenchmarks.Answer(facts, Rates, level, country, k, outerFrom);

                var actual = GetBenchmarksEndpoint.Answer("ml-engineer", level, country, null, k, outerFrom, PayCells.Compute(facts, Rates));

                Assert.Equal(expected.Cells.Count, actual.Cells.Count);
                for (var i = 0; i < expected.Cells.Count; i++)
                {
                    AssertSame(expected.Cells[i], actual.Cells[i]);
                }

                AssertSame(expected.Total, actual.Total);
            },
            iter: 400);
    }

    [Fact]
    public void Percentiles_kept_for_every_n_show_what_the_rule_of_k_allows()
    {
        Gen.Select(Gen.Long[0, 100_000_000].Select(cents => cents / 100m).List[0, 40], Gen.Int[1, 12], Gen.Int[0, 12]).Sample((values, k, outerExtra) =>
            Assert.Equal(Percentiles.Set(values, k, k + outerExtra), Percentiles.Shown(Percentiles.Set(values, 1, 1), k, k + outerExtra)));
    }

    private static void AssertSame(InMemoryBenchmarks.Cell expected, BenchmarkCell actual)
    {
        Assert.Equal((expected.Level, expected.Country, expected.N, expected.Suppression), (actual.Level, actual.Country, actual.N, actual.Suppression));
        Assert.Equal(expected.Measures.OrderBy(pair => pair.Key), actual.Measures.OrderBy(pair => pair.Key));
        Assert.Equal(expected.TenantRows, actual.TenantRows);
        Assert.Equal(expected.Excluded, actual.ExcludedUnconverted);
        Assert.Equal(expected.Suppression == Suppression.None ? (int?)expected.MarketFacts.Count : null, actual.MarketRows);
        Assert.Equal(expected.Bands.Count, actual.BandCount);
        Assert.Equal(expected.Bands.Take(PayCells.Listed), actual.Bands);
        Assert.Equal(expected.Reported.Count, actual.ReportedStatisticCount);
        Assert.Equal(expected.Reported.Take(PayCells.Listed), actual.ReportedStatistics);
    }

    private static FxRate Rate(string currency, decimal usdPerUnit, DateOnly on) =>
        new(Guid.NewGuid(), currency, usdPerUnit, on, new Source("Federal Reserve", null, on, Attribution.CompanyStatement, ClaimStatus.Confirmed), new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
}
