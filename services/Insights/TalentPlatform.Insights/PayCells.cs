using System.Text.Json;
using Marten;
using Npgsql;
using NpgsqlTypes;
using TalentPlatform.Compensation.Contracts;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace TalentPlatform.Insights;

/// <summary>A reported band (range), shown as a band and never mixed into percentiles.</summary>
public sealed record Band(Guid FactId, string Component, string Period, UsdFigure Min, UsdFigure Max, string Annualisation, string ClaimStatus, string? Publisher);

/// <summary>An average or median someone else computed, shown as reported and never mixed into percentiles.</summary>
public sealed record ReportedStatistic(Guid FactId, string Kind, string Component, int? SampleSize, UsdFigure Value, string Annualisation, string ClaimStatus, string? Publisher);

/// <summary>
/// What a benchmark needs to know about one cell of one role: a level in a country (the finest cells), or a
/// level in every country, a country at every level, or the whole role (<see cref="AllLevels"/>,
/// <see cref="AllCountries"/>). Percentiles are kept for every n; which of them may be shown (k, p10/p90 only
/// from n ≥ 10) and whether the cell is suppressed are decided when it is asked for, as before.
/// </summary>
/// <param name="Rows">Points pooled into the percentiles: market points and tenant rows, less those with no USD rate.</param>
/// <param name="Points">Points before that (the tenant rows among them counted in <paramref name="TenantRows"/>).</param>
/// <param name="MarketFacts">Market reports of every kind in the cell: what its list of facts pages through.</param>
/// <param name="Bands">The first <see cref="PayCells.Listed"/> bands, by fact and component; <paramref name="BandCount"/> counts them all.</param>
public sealed record PayCell(
    string? Level,
    string? Country,
    bool AllLevels,
    bool AllCountries,
    int Rows,
    int Points,
    int TenantRows,
    int MarketFacts,
    int Excluded,
    IReadOnlyDictionary<string, PercentileSet> Measures,
    IReadOnlyList<Band> Bands,
    int BandCount,
    IReadOnlyList<ReportedStatistic> ReportedStatistics,
    int ReportedStatisticCount)
{
    public bool IsFinest => !AllLevels && !AllCountries;

    public int Count(string measure) => measure == PayCells.RowsMeasure ? Rows : Measures[measure].N;

    public static PayCell Empty(string? level, string? country) => new(
        level, country, level is null, country is null, 0, 0, 0, 0, 0,
        PayCells.MeasureNames.ToDictionary(name => name, _ => new PercentileSet(0, null, null, null, null, null)), [], 0, [], 0);
}

/// <summary>
/// The benchmark read model: for each role, a cell per level and country and one per level, per country and for
/// the role as a whole, with n, the percentiles of every measure, the counts suppression needs, and the first bands
/// and reported statistics. An answer reads at most one role's cells — a bounded number of rows, whatever the
/// number of reports. Cells are computed from <see cref="PayRows"/> by <see cref="PayCellRefresh"/> (or, for an
/// as-of question, from the rows recorded by then), always with the same rules: USD at the rate in force on each
/// fact's date, annualised by period, exact type-7 percentiles.
/// </summary>
internal static class PayCells
{
    public const string Table = "insights_pay_cells";
    public const string RowsMeasure = "rows";

    /// <summary>Bands and reported statistics listed in a cell; the rest are in its list of facts.</summary>
    public const int Listed = 10;

    public static readonly string[] MeasureNames = ["base", "bonus", "equityPerYear", "total", "signOn"];

    private static readonly string[] Recurring = ["base", "bonus", "equityPerYear"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Configure(StoreOptions options)
    {
        var cells = new Table(new PostgresqlObjectName(options.DatabaseSchemaName, Table, SchemaUtils.IdentifierUsage.General));
        cells.AddColumn("role", "text").NotNull();
        cells.AddColumn("all_levels", "boolean").NotNull();
        cells.AddColumn("all_countries", "boolean").NotNull();
        cells.AddColumn("level", "text");
        cells.AddColumn("country", "text");
        cells.AddColumn("body", "jsonb").NotNull();
        cells.Indexes.Add(new IndexDefinition($"ix_{Table}_role").AgainstColumns("role"));
        options.Storage.ExtendedSchemaObjects.Add(cells);
    }

    /// <summary>Every cell of the facts given (one role's): the finest, per level, per country and in total.</summary>
    public static List<PayCell> Compute(IReadOnlyCollection<PayFact> facts, UsdRates rates)
    {
        var measured = facts.Select(fact => (Fact: fact, Measured: Measure(fact, rates))).ToList();
        var cells = new List<PayCell>();
        foreach (var (allLevels, allCountries) in new[] { (false, false), (false, true), (true, false), (true, true) })
        {
            cells.AddRange(measured
                .GroupBy(item => (Level: allLevels ? null : item.Fact.Level, Country: allCountries ? null : item.Fact.Country))
                .Select(group => Combine(group.Key.Level, group.Key.Country, allLevels, allCountries, [.. group])));
        }

        return cells;
    }

    /// <summary>The cells a query reads: the finest matching cells, and the one that is its total.</summary>
    public static (List<PayCell> Cells, PayCell Total) Select(IEnumerable<PayCell> cells, string? level, string? country)
    {
        var matching = cells.Where(cell => (level is null || cell.Level == level) && (country is null || cell.Country == country)).ToList();
        var finest = matching.Where(cell => cell.IsFinest).ToList();
        var total = matching.FirstOrDefault(cell => cell.AllLevels == (level is null) && cell.AllCountries == (country is null)) ?? PayCell.Empty(level, country);
        return (finest, total);
    }

    /// <summary>Replaces the stored cells of <paramref name="role"/> (in the caller's transaction).</summary>
    public static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string role, IReadOnlyList<PayCell> cells, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"delete from {Table} where role = $1") { Parameters = { new() { Value = role } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"insert into {Table} (role, all_levels, all_countries, level, country, body) " +
            "select $1, unnest($2::boolean[]), unnest($3::boolean[]), unnest($4::text[]), unnest($5::text[]), unnest($6::text[])::jsonb")
        {
            Parameters =
            {
                new() { Value = role },
                new() { Value = cells.Select(cell => cell.AllLevels).ToArray() },
                new() { Value = cells.Select(cell => cell.AllCountries).ToArray() },
                new() { Value = cells.Select(cell => cell.Level).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new() { Value = cells.Select(cell => cell.Country).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new() { Value = cells.Select(cell => JsonSerializer.Serialize(cell, Json)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
            },
        });
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The stored cells a query needs: the finest ones matching it and its total (at most one role's).</summary>
    public static async Task<List<PayCell>> ReadAsync(NpgsqlConnection connection, string role, string? level, string? country, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"select body::text from {Table} where role = $1 and ($2::text is null or level = $2) and ($3::text is null or country = $3) " +
            "and ((not all_levels and not all_countries) or (all_levels = ($2::text is null) and all_countries = ($3::text is null)))",
            connection)
        {
            Parameters =
            {
                new() { Value = role },
                new() { Value = (object?)level ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new() { Value = (object?)country ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
            },
        };
        var cells = new List<PayCell>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            cells.Add(JsonSerializer.Deserialize<PayCell>(reader.GetString(0), Json)!);
        }

        return cells;
    }

    private static PayCell Combine(string? level, string? country, bool allLevels, bool allCountries, IReadOnlyList<(PayFact Fact, Measured Measured)> items)
    {
        var values = MeasureNames.ToDictionary(name => name, _ => new List<decimal>());
        var points = 0;
        var excluded = 0;
        var tenantRows = 0;
        foreach (var (fact, measured) in items.Where(item => item.Fact.Kind == FigureKind.Point))
        {
            points++;
            tenantRows += fact.Origin == PayOrigin.Tenant ? 1 : 0;
            if (measured.Values is null)
            {
                excluded++;
                continue;
            }

            foreach (var (name, value) in measured.Values)
            {
                values[name].Add(value);
            }
        }

        var bands = items.SelectMany(item => item.Measured.Bands).OrderBy(band => band.FactId).ThenBy(band => band.Component, StringComparer.Ordinal).ToList();
        var reported = items.SelectMany(item => item.Measured.Reported).OrderBy(statistic => statistic.FactId).ThenBy(statistic => statistic.Component, StringComparer.Ordinal).ToList();
        return new PayCell(
            level,
            country,
            allLevels,
            allCountries,
            points - excluded,
            points,
            tenantRows,
            items.Count(item => item.Fact.Origin == PayOrigin.Market),
            excluded,
            // Every percentile of every n is kept; k decides what is shown when the cell is asked for.
            values.ToDictionary(measure => measure.Key, measure => Percentiles.Set(measure.Value, 1, 1)),
            [.. bands.Take(Listed)],
            bands.Count,
            [.. reported.Take(Listed)],
            reported.Count);
    }

    /// <summary>One fact's contribution: its annualised USD values (null when a component has no rate), or its bands and reported statistics.</summary>
    private sealed record Measured(IReadOnlyList<(string Name, decimal Value)>? Values, IReadOnlyList<Band> Bands, IReadOnlyList<ReportedStatistic> Reported);

    private static Measured Measure(PayFact fact, UsdRates rates) => fact.Kind switch
    {
        FigureKind.Point => new Measured(PointValues(fact, rates), [], []),
        FigureKind.Range => new Measured([], [.. Components(fact.Components).Select(component => new Band(
            fact.Id,
            component.Name,
            ContractWords.Write(fact.Period),
            rates.Convert(component.Figure.Min ?? 0m, fact.Currency, fact.On),
            rates.Convert(component.Figure.Max ?? 0m, fact.Currency, fact.On),
            Annualisation.Rule(fact.Period),
            ContractWords.Write(fact.ClaimStatus),
            fact.Publisher))], []),
        FigureKind.Average or FigureKind.Median => new Measured([], [], [.. Components(fact.Components).Select(component => new ReportedStatistic(
            fact.Id,
            ContractWords.Write(fact.Kind),
            component.Name,
            fact.SampleSize,
            rates.Convert(component.Figure.Amount ?? 0m, fact.Currency, fact.On),
            Annualisation.Rule(fact.Period),
            ContractWords.Write(fact.ClaimStatus),
            fact.Publisher))]),
        _ => new Measured([], [], []),
    };

    /// <summary>
    /// A point's values: each recurring component annualised in USD, their sum as total (when base is given), and
    /// one-off pay apart (never annualised, never added to recurring pay). Null when any component has no rate.
    /// </summary>
    private static List<(string Name, decimal Value)>? PointValues(PayFact fact, UsdRates rates)
    {
        var perYear = Annualisation.PeriodsPerYear(fact.Period);
        var row = Components(fact.Components)
            .Select(component => (component.Name, Usd: rates.Convert(component.Figure.Amount ?? 0m, fact.Currency, fact.On).Usd))
            .ToList();
        if (row.Any(component => component.Usd is null))
        {
            return null;
        }

        var values = new List<(string Name, decimal Value)>();
        foreach (var (name, usd) in row)
        {
            values.Add(name == "signOn" || perYear is null ? ("signOn", usd!.Value) : (name, usd!.Value * perYear.Value));
        }

        var recurring = row.Where(component => Recurring.Contains(component.Name)).ToList();
        if (perYear is not null && recurring.Any(component => component.Name == "base"))
        {
            values.Add(("total", recurring.Sum(component => component.Usd!.Value) * perYear.Value));
        }

        return values;
    }

    private static IEnumerable<(string Name, PayFigure Figure)> Components(PayComponents components) =>
        new[] { ("base", components.Base), ("bonus", components.Bonus), ("equityPerYear", components.EquityPerYear), ("signOn", components.SignOn) }
            .Where(component => component.Item2 is not null)
            .Select(component => (component.Item1, component.Item2!));
}
