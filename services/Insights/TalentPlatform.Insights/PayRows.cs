using Npgsql;
using NpgsqlTypes;
using TalentPlatform.Compensation.Contracts;

namespace TalentPlatform.Insights;

/// <summary>
/// The pay facts as a table of each generation (<c>pay_rows</c>): one row per market report or tenant row, written in
/// the transaction that keeps the events, one statement per batch. Amounts stay in their currency and period;
/// conversion and annualisation happen where cells are measured (<see cref="PayIndex"/>), with the generation's rates.
/// </summary>
internal static class PayRows
{
    public const string SelectColumns =
        "id, origin, tenant, contributor, role, level, country, city, organization, currency, period, kind, given, " +
        "base, base_min, base_max, bonus, bonus_min, bonus_max, equity, equity_min, equity_max, sign_on, sign_on_min, sign_on_max, " +
        "sample_size, on_day, publisher, attribution, claim_status, recorded_at";

    /// <summary>Inserts the rows not kept yet (sorted, so two writers of overlapping batches never wait on each other in a circle); returns their ids.</summary>
    public static async Task<HashSet<Guid>> InsertAsync(NpgsqlConnection connection, string schema, IReadOnlyCollection<PayFact> facts, CancellationToken cancellationToken)
    {
        var fresh = new HashSet<Guid>();
        if (facts.Count == 0)
        {
            return fresh;
        }

        var rows = facts.DistinctBy(fact => fact.Id).OrderBy(fact => fact.Id).ToList();
        NpgsqlParameter Column<T>(Func<PayFact, T> select, NpgsqlDbType type) => SqlBatch.Array(rows.Select(select), type);
        NpgsqlParameter Figure(Func<PayComponents, PayFigure?> component, Func<PayFigure, decimal?> part) =>
            Column(fact => component(fact.Components) is { } figure ? part(figure) : null, NpgsqlDbType.Numeric);

        var parameters = new List<NpgsqlParameter>
        {
            Column(fact => fact.Id, NpgsqlDbType.Uuid),
            Column(fact => ContractWords.WriteOrNull<PayOrigin>(fact.Origin)!, NpgsqlDbType.Text),
            Column(fact => fact.Tenant, NpgsqlDbType.Text),
            Column(fact => fact.Contributor, NpgsqlDbType.Text),
            Column(fact => fact.Role, NpgsqlDbType.Text),
            Column(fact => fact.Level, NpgsqlDbType.Text),
            Column(fact => fact.Country, NpgsqlDbType.Text),
            Column(fact => fact.City, NpgsqlDbType.Text),
            Column(fact => fact.Organization, NpgsqlDbType.Text),
            Column(fact => fact.Currency, NpgsqlDbType.Text),
            Column(fact => ContractWords.WriteOrNull(fact.Period), NpgsqlDbType.Text),
            Column(fact => ContractWords.WriteOrNull(fact.Kind), NpgsqlDbType.Text),
            Column(fact => Given(fact.Components), NpgsqlDbType.Smallint),
        };
        foreach (var component in ComponentsOf)
        {
            parameters.Add(Figure(component, figure => figure.Amount));
            parameters.Add(Figure(component, figure => figure.Min));
            parameters.Add(Figure(component, figure => figure.Max));
        }

        parameters.Add(Column(fact => fact.SampleSize, NpgsqlDbType.Integer));
        parameters.Add(Column(fact => fact.On, NpgsqlDbType.Date));
        parameters.Add(Column(fact => fact.Publisher, NpgsqlDbType.Text));
        parameters.Add(Column(fact => ContractWords.WriteOrNull(fact.Attribution), NpgsqlDbType.Text));
        parameters.Add(Column(fact => ContractWords.WriteOrNull(fact.ClaimStatus), NpgsqlDbType.Text));
        parameters.Add(Column(fact => fact.RecordedAt.UtcDateTime, NpgsqlDbType.TimestampTz));
        parameters.Add(Column(fact => fact.ClaimFlags, NpgsqlDbType.Smallint));

        string[] types =
        [
            "uuid", "text", "text", "text", "text", "text", "text", "text", "text", "text", "text", "text", "smallint",
            .. Enumerable.Repeat("numeric", 12), "integer", "date", "text", "text", "text", "timestamptz", "smallint",
        ];
        await using var command = new NpgsqlCommand(
            $"insert into {schema}.pay_rows ({SelectColumns}, claim_flags) select * from unnest({string.Join(", ", types.Select((type, i) => $"${i + 1}::{type}[]"))}) " +
            "on conflict (id) do nothing returning id",
            connection);
        command.Parameters.AddRange(parameters.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            fresh.Add(reader.GetGuid(0));
        }

        return fresh;
    }

    /// <summary>
    /// The rows of one role (narrowed to a level and a country when given) in the order a cell folds them (recorded at,
    /// id): what a cell published when depends on that order, never on the order the rows arrived in.
    /// </summary>
    public static async Task<List<PayFact>> ReadAsync(NpgsqlConnection connection, string schema, string role, string? level, string? country, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"select {SelectColumns} from {schema}.pay_rows where role = $1 and ($2::text is null or level = $2) and ($3::text is null or country = $3) order by recorded_at, id";
        command.Parameters.Add(new NpgsqlParameter { Value = role });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)level ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)country ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });

        var facts = new List<PayFact>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            facts.Add(Read(reader));
        }

        return facts;
    }

    /// <summary>A row read back, its columns those of <see cref="SelectColumns"/> from <paramref name="offset"/> on.</summary>
    internal static PayFact Read(NpgsqlDataReader reader, int offset = 0)
    {
        string? Text(int i) => reader.IsDBNull(offset + i) ? null : reader.GetString(offset + i);
        decimal? Number(int i) => reader.IsDBNull(offset + i) ? null : reader.GetDecimal(offset + i);
        var given = reader.GetInt16(offset + 12);
        PayFigure? Figure(int bit, int at) => (given & (1 << bit)) == 0 ? null : new PayFigure(Number(at), Number(at + 1), Number(at + 2));
        return new PayFact
        {
            Id = reader.GetGuid(offset),
            Origin = ContractWords.Read<PayOrigin>(Text(1)) ?? PayOrigin.Market,
            Tenant = Text(2),
            Role = Text(4)!,
            Level = Text(5),
            Country = Text(6),
            City = Text(7),
            Organization = Text(8),
            Currency = Text(9)!,
            Period = ContractWords.Read<PayPeriod>(Text(10)),
            Kind = ContractWords.Read<FigureKind>(Text(11)),
            Components = new PayComponents(Figure(0, 13), Figure(1, 16), Figure(2, 19), Figure(3, 22)),
            SampleSize = reader.IsDBNull(offset + 25) ? null : reader.GetInt32(offset + 25),
            On = reader.GetFieldValue<DateOnly>(offset + 26),
            Publisher = Text(27),
            Attribution = ContractWords.Read<Attribution>(Text(28)),
            ClaimStatus = ContractWords.Read<ClaimStatus>(Text(29)),
            RecordedAt = new DateTimeOffset(DateTime.SpecifyKind(reader.GetFieldValue<DateTime>(offset + 30), DateTimeKind.Utc)),
        };
    }

    private static readonly Func<PayComponents, PayFigure?>[] ComponentsOf =
    [
        components => components.Base, components => components.Bonus, components => components.EquityPerYear, components => components.SignOn,
    ];

    /// <summary>Which components the report gave, one bit each: a component given with no figure still counts (as 0), as before.</summary>
    private static short Given(PayComponents components) =>
        (short)ComponentsOf.Select((component, bit) => component(components) is null ? 0 : 1 << bit).Sum();
}
