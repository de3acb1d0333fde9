using CsCheck;
using TalentPlatform.Compensation.Contracts;
using TalentPlatform.Insights.GettingBenchmarks;
using TalentPlatform.Vocabulary.Claims;

namespace TalentPlatform.Insights.Tests;

/// <summary>
/// Benchmarks come from the pay index, kept current report by report (<see cref="PayIndex"/>), and, for an as-of
/// question that predates an FX rate, from the rows taken again in their order (<see cref="PayCells.Compute"/>); both
/// must give exactly what the plain in-memory walk of the privacy rules gives — figures, n, suppression and its rule —
/// on any data, now and as published by any moment.
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
        from recorded in Gen.Int[0, 30]
        from tenant in Gen.OneOf("acme", "globex", "initech", "umbrella")
        from publisher in Gen.OneOf("Press", "Levels", "Carta")
        select new PayFact
        {
            Id = Guid.NewGuid(),
            Origin = origin,
            Tenant = origin == PayOrigin.Tenant ? tenant : null,
            Role = "ml-engineer",
            Level = level,
            Country = country,
            Currency = currency,
            Period = period,
            Kind = kind,
            Components = new PayComponents(basePay, bonus, equity, signOn),
            On = new DateOnly(2023, 1, 1).AddDays(day),
            Publisher = origin == PayOrigin.Market ? publisher : null,
            ClaimStatus = status,
            RecordedAt = new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero).AddDays(recorded),
        };

    /// <summary>Absent, or a figure: an amount in cents (sometimes none at all, which counts as 0), and a band.</summary>
    private static Gen<PayFigure?> Figure =>
        from present in Gen.Int[0, 2]
        from cents in Gen.Long[0, 50_000_000]
        from width in Gen.Long[0, 10_000_000]
        from noAmount in Gen.Int[0, 20]
        select present == 0 ? null : new PayFigure(noAmount == 0 ? null : cents / 100m, cents / 100m, (cents + width) / 100m);

    [Fact]
    public void The_pay_index_answers_exactly_as_the_in_memory_walk_of_the_privacy_rules_now_and_as_published_by_any_moment()
    {
        var market = Fact.List[0, 200];
        var query = Gen.Select(Gen.OneOf<string?>(null, "mid", "junior"), Gen.OneOf<string?>(null, "US", "GB"), Gen.Int[5, 12], Gen.Int[-1, 31]);
        // The order the rows reach the index in, and the pages it takes them in: neither may change what it publishes.
        var arrival = Gen.Select(Gen.Int, Gen.Int[1, 60]);
        Gen.Select(market, query, arrival).Sample(
            (facts, question, order) =>
            {
                var (level, country, outerFrom, day) = question;
                DateTimeOffset? knownAt = day < 0 ? null : new DateTimeOffset(2025, 7, 1, 12, 0, 0, TimeSpan.Zero).AddDays(day);
                var expected = InMemoryBenchmarks.Answer(facts, Rates, level, country, knownAt, outerFrom);

                var index = new PayIndex(Generation, Rates);
                index.Apply([.. facts.Select((fact, i) => (fact, (long)i))], facts.Count);
                AssertSame(expected, GetBenchmarksEndpoint.Answer("ml-engineer", level, country, knownAt, outerFrom, index.Cells("ml-engineer", level, country, knownAt).Cells));
                AssertSame(expected, GetBenchmarksEndpoint.Answer("ml-engineer", level, country, knownAt, outerFrom, PayCells.Compute(Generation, facts, Rates, "ml-engineer", level, country, knownAt)));

                var (seed, page) = order;
                var shuffled = facts.ToArray();
                new Random(seed).Shuffle(shuffled);
                var arrived = new PayIndex(Generation, Rates);
                foreach (var chunk in shuffled.Chunk(page))
                {
                    arrived.Apply([.. chunk.Select(fact => (fact, 0L))], 0);
                }

                AssertSame(expected, GetBenchmarksEndpoint.Answer("ml-engineer", level, country, knownAt, outerFrom, arrived.Cells("ml-engineer", level, country, knownAt).Cells));
            },
            iter: 400);
    }

    [Fact]
    public void Some_cells_of_the_generated_markets_are_published_and_some_are_not()
    {
        // The property above is only worth as much as the markets it sees: both kinds of cell must come up.
        // Sample runs its iterations on several threads at once, so what they saw is gathered under a lock.
        var seen = new HashSet<bool>();
        Fact.List[100, 200].Sample(facts =>
        {
            var answer = InMemoryBenchmarks.Answer(facts, Rates, null, null, null, 10);
            lock (seen)
            {
                foreach (var cell in answer.Cells)
                {
                    seen.Add(cell.N is null);
                }
            }
        }, iter: 20);

        Assert.Equal([false, true], seen.Order());
    }

    [Fact]
    public void Sorted_chunks_give_every_rank_and_count_as_a_sorted_list_does_across_many_chunks()
    {
        Gen.Select(Gen.Long[-1_000, 1_000].List[0, 3_000], Gen.Long[-1_000, 1_000]).Sample((keys, probe) =>
        {
            var chunks = new SortedChunks<long>(withTicks: true);
            foreach (var (key, i) in keys.Select((key, i) => (key, i)))
            {
                chunks.Add(key, i);
            }

            var sorted = keys.Order().ToList();
            Assert.Equal(sorted.Count, chunks.Count);
            Assert.Equal(sorted, Enumerable.Range(0, sorted.Count).Select(rank => chunks[rank]));
            Assert.Equal(sorted.Count(key => key <= probe), chunks.CountAtMost(probe));
            Assert.Equal(keys.Take(keys.Count / 2).Order(), chunks.RecordedBy((keys.Count / 2) - 1));

            // Taking every other key out again leaves the rest, in order.
            foreach (var key in keys.Where((_, i) => i % 2 == 0))
            {
                chunks.Remove(key);
            }

            var left = keys.Where((_, i) => i % 2 == 1).Order().ToList();
            Assert.Equal(left.Count, chunks.Count);
            Assert.Equal(left, Enumerable.Range(0, left.Count).Select(rank => chunks[rank]));
        }, iter: 50);
    }

    [Fact]
    public void Measure_values_kept_as_cents_move_to_exact_decimals_when_a_value_is_not_whole_cents()
    {
        var values = new MeasureValues(withTicks: true);
        foreach (var value in new[] { 3.25m, 1m, 2.5m })
        {
            values.Add(value, 0);
        }

        values.Add(2.125m, 1);

        Assert.Equal([1m, 2.125m, 2.5m, 3.25m], Enumerable.Range(0, values.Count).Select(rank => values[rank]));
        Assert.Equal([1m, 2.5m, 3.25m], values.RecordedBy(0));
    }

    [Fact]
    public void Percentiles_kept_for_every_n_show_what_the_rule_of_k_allows()
    {
        Gen.Select(Gen.Long[0, 100_000_000].Select(cents => cents / 100m).List[0, 40], Gen.Int[1, 12], Gen.Int[0, 12]).Sample((values, k, outerExtra) =>
            Assert.Equal(Percentiles.Set(values, k, k + outerExtra), Percentiles.Shown(Percentiles.Set(values, 1, 1), k, k + outerExtra)));
    }

    private static readonly Generation Generation = new(1, "test", ReadModelTables.Shape, GenerationState.Live, [], "test", DateTimeOffset.UnixEpoch, null, 0, 0, null, null, null);

    private static void AssertSame(InMemoryBenchmarks.Result expected, Benchmarks actual)
    {
        Assert.Equal(expected.Cells.Count, actual.Cells.Count);
        for (var i = 0; i < expected.Cells.Count; i++)
        {
            AssertSame(expected.Cells[i], actual.Cells[i]);
        }

        AssertSame(expected.Total, actual.Total);
    }

    private static void AssertSame(InMemoryBenchmarks.Cell expected, BenchmarkCell actual)
    {
        Assert.Equal((expected.Level, expected.Country, expected.N, expected.SuppressedBy), (actual.Level, actual.Country, actual.N, actual.SuppressedBy));
        Assert.Equal(expected.N is null ? Suppression.Primary : Suppression.None, actual.Suppression);
        Assert.Equal(expected.Measures.OrderBy(pair => pair.Key), actual.Measures.OrderBy(pair => pair.Key));
        Assert.Equal((expected.MarketRows, expected.TenantRows, expected.Excluded), (actual.MarketRows, actual.TenantRows, actual.ExcludedUnconverted));
        Assert.Equal(expected.BandCount ?? expected.Bands.Count, actual.BandCount);
        Assert.Equal(expected.Bands.Take(PayCells.Listed), actual.Bands);
        Assert.Equal(expected.ReportedCount ?? expected.Reported.Count, actual.ReportedStatisticCount);
        Assert.Equal(expected.Reported.Take(PayCells.Listed), actual.ReportedStatistics);
    }

    private static FxRate Rate(string currency, decimal usdPerUnit, DateOnly on) =>
        new(Guid.NewGuid(), currency, usdPerUnit, on, new Source("Federal Reserve", null, on, Attribution.CompanyStatement, ClaimStatus.Confirmed), new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
}
