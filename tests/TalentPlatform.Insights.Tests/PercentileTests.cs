namespace TalentPlatform.Insights.Tests;

public sealed class PercentileTests
{
    private static readonly decimal[] OneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    [Theory]
    // By hand, type 7: h = (n − 1)·p = 9p; value = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
    [InlineData(0.10, 1.9)]
    [InlineData(0.25, 3.25)]
    [InlineData(0.50, 5.5)]
    [InlineData(0.75, 7.75)]
    [InlineData(0.90, 9.1)]
    public void Percentiles_interpolate_linearly_between_closest_ranks(decimal p, decimal expected) =>
        Assert.Equal(expected, Percentiles.Of(OneToTen, p));

    [Fact]
    public void Uneven_values_match_the_hand_computed_percentiles()
    {
        // 140k, 175k, 200k, 260k, 300k: h = 4p → p25 at 1 (175k), p50 at 2 (200k), p75 at 3 (260k), p10 at 0.4.
        decimal[] pay = [140_000, 175_000, 200_000, 260_000, 300_000];

        Assert.Equal(154_000m, Percentiles.Of(pay, 0.10m));
        Assert.Equal(175_000m, Percentiles.Of(pay, 0.25m));
        Assert.Equal(200_000m, Percentiles.Of(pay, 0.50m));
        Assert.Equal(260_000m, Percentiles.Of(pay, 0.75m));
        Assert.Equal(284_000m, Percentiles.Of(pay, 0.90m));
    }

    [Fact]
    public void Few_values_give_the_middle_percentiles_only()
    {
        var set = Percentiles.Set([300, 100, 200, 500, 400], k: 5, outerFrom: 10);

        Assert.Equal(new PercentileSet(5, null, 200, 300, 400, null), set);
    }

    [Fact]
    public void Fewer_than_k_values_give_no_percentile_at_all()
    {
        var set = Percentiles.Set([100, 200, 300, 400], k: 5, outerFrom: 10);

        Assert.Equal(new PercentileSet(4, null, null, null, null, null), set);
    }

    [Theory]
    [InlineData(new[] { 1, 1, 1, 1, 1 }, null)]
    [InlineData(new[] { 2, 2, 1 }, null)]
    [InlineData(new[] { 1, 1, 1, 1 }, "rows")]
    [InlineData(new[] { 4, 1 }, "contributors")]
    [InlineData(new[] { 3, 3 }, "contributors")]
    [InlineData(new[] { 4, 1, 1 }, "rows")]
    [InlineData(new[] { 3, 1, 1 }, "rows")]
    [InlineData(new[] { 3, 2, 1 }, null)]
    public void Rows_are_publishable_from_five_rows_of_three_contributors_none_above_half(int[] rowsPerContributor, string? failing)
    {
        var counts = new ContributorCounts();
        foreach (var (rows, contributor) in rowsPerContributor.Select((rows, i) => (rows, $"tenant:{i}")))
        {
            for (var row = 0; row < rows; row++)
            {
                counts.Add(contributor);
            }
        }

        Assert.Equal(failing switch
        {
            "rows" => PayPrivacy.TooFewRowsOrDominance,
            "contributors" => PayPrivacy.TooFewContributors,
            _ => null,
        }, PayPrivacy.Reason(counts));
    }
}
