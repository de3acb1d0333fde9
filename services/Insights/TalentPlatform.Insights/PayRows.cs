using Marten;
using Npgsql;
using TalentPlatform.Compensation.Contracts;
using TalentPlatform.Vocabulary.Claims;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace TalentPlatform.Insights;

/// <summary>
/// The pay facts as a table Insights owns: one row per market report or tenant row, written in the same
/// transaction as the event it comes from and the MessageId record, in one statement per batch. Amounts stay in
/// their currency and period (conversion and annualisation happen where cells are computed, with the rates of
/// the day). Each write also leaves a mark for the roles it touched, which <see cref="PayCellRefresh"/> takes.
/// </summary>
internal static class PayRows
{
    public const string Table = "insights_pay_rows";

    /// <summary>Roles whose cells need computing again: one row per batch and role, so writers never wait on each other.</summary>
    public const string Marks = "insights_pay_marks";

    public const string SelectColumns =
        "id, origin, tenant, contributor, role, level, country, city, organization, currency, period, kind, given, " +
        "base, base_min, base_max, bonus, bonus_min, bonus_max, equity, equity_min, equity_max, sign_on, sign_on_min, sign_on_max, " +
        "sample_size, on_day, publisher, attribution, claim_status, recorded_at";

    public static void Configure(StoreOptions options)
    {
        var rows = new Table(new PostgresqlObjectName(options.DatabaseSchemaName, Table, SchemaUtils.IdentifierUsage.General));
        rows.AddColumn<Guid>("id").AsPrimaryKey();
        foreach (var name in new[] { "origin", "contributor", "role", "currency" })
        {
            rows.AddColumn(name, "text").NotNull();
        }

        foreach (var name in new[] { "tenant", "level", "country", "city", "organization", "period", "kind", "publisher", "attribution", "claim_status" })
        {
            rows.AddColumn(name, "text");
        }

        rows.AddColumn("given", "smallint").NotNull();
        foreach (var name in new[] { "base", "bonus", "equity", "sign_on" })
        {
            rows.AddColumn(name, "numeric");
            rows.AddColumn(name + "_min", "numeric");
            rows.AddColumn(name + "_max", "numeric");
        }

        rows.AddColumn("sample_size", "integer");
        rows.AddColumn("on_day", "date").NotNull();
        rows.AddColumn("recorded_at", "timestamptz").NotNull();

        // Cells are computed per role; the facts behind a figure are paged by id within role, level and country.
        rows.Indexes.Add(new IndexDefinition($"ix_{Table}_role_id").AgainstColumns("role", "id"));
        rows.Indexes.Add(new IndexDefinition($"ix_{Table}_role_level_country_id").AgainstColumns("role", "level", "country", "id"));
        rows.Indexes.Add(new IndexDefinition($"ix_{Table}_role_country_id").AgainstColumns("role", "country", "id"));
        options.Storage.ExtendedSchemaObjects.Add(rows);

        var marks = new Table(new PostgresqlObjectName(options.DatabaseSchemaName, Marks, SchemaUtils.IdentifierUsage.General));
        marks.AddColumn<Guid>("id").AsPrimaryKey();
        marks.AddColumn("role", "text").NotNull();
        options.Storage.ExtendedSchemaObjects.Add(marks);
    }

    /// <summary>Which of <paramref name="ids"/> are kept already (a report republished under a new MessageId is still one report).</summary>
    public static async Task<HashSet<Guid>> KeptAsync(IQuerySession session, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        [.. await session.AdvancedSql.QueryAsync<Guid>($"select id from {Table} where id = any(?)", cancellationToken, ids.ToArray())];

    /// <summary>Stages the rows (and the marks of their roles) in the session's transaction: two statements, whatever the count.</summary>
    public static void Stage(IDocumentOperations session, IReadOnlyCollection<PayFact> facts)
    {
        if (facts.Count == 0)
        {
            return;
        }

        T[] Column<T>(Func<PayFact, T> select) => [.. facts.Select(select)];
        decimal?[] Figure(Func<PayComponents, PayFigure?> component, Func<PayFigure, decimal?> part) =>
            Column(fact => component(fact.Components) is { } figure ? part(figure) : null);

        var parameters = new List<object>
        {
            Column(fact => fact.Id),
            Column(fact => ContractWords.WriteOrNull<PayOrigin>(fact.Origin)!),
            Column(fact => fact.Tenant),
            Column(fact => fact.Contributor),
            Column(fact => fact.Role),
            Column(fact => fact.Level),
            Column(fact => fact.Country),
            Column(fact => fact.City),
            Column(fact => fact.Organization),
            Column(fact => fact.Currency),
            Column(fact => ContractWords.WriteOrNull(fact.Period)),
            Column(fact => ContractWords.WriteOrNull(fact.Kind)),
            Column(fact => Given(fact.Components)),
        };
        foreach (var component in ComponentsOf)
        {
            parameters.Add(Figure(component, figure => figure.Amount));
            parameters.Add(Figure(component, figure => figure.Min));
            parameters.Add(Figure(component, figure => figure.Max));
        }

        parameters.Add(Column(fact => fact.SampleSize));
        parameters.Add(Column(fact => fact.On));
        parameters.Add(Column(fact => fact.Publisher));
        parameters.Add(Column(fact => ContractWords.WriteOrNull(fact.Attribution)));
        parameters.Add(Column(fact => ContractWords.WriteOrNull(fact.ClaimStatus)));
        parameters.Add(Column(fact => fact.RecordedAt.ToUniversalTime()));

        string[] types =
        [
            "uuid", "text", "text", "text", "text", "text", "text", "text", "text", "text", "text", "text", "smallint",
            .. Enumerable.Repeat("numeric", 12), "integer", "date", "text", "text", "text", "timestamptz",
        ];
        session.QueueSqlCommand(
            $"insert into {Table} ({SelectColumns}) select * from unnest({string.Join(", ", types.Select(type => $"?::{type}[]"))}) on conflict (id) do nothing",
            [.. parameters]);

        var roles = facts.Select(fact => fact.Role).Distinct(StringComparer.Ordinal).ToArray();
        session.QueueSqlCommand(
            $"insert into {Marks} (id, role) select unnest(?::uuid[]), unnest(?::text[])",
            roles.Select(_ => Guid.CreateVersion7()).ToArray(),
            roles);
    }

    /// <summary>The rows of one role (narrowed to a level, a country and what was recorded by a moment when given).</summary>
    public static async Task<List<PayFact>> ReadAsync(
        NpgsqlConnection connection,
        string role,
        string? level,
        string? country,
        DateTimeOffset? recordedBy,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"select {SelectColumns} from {Table} where role = $1 and ($2::text is null or level = $2) and ($3::text is null or country = $3) " +
            "and ($4::timestamptz is null or recorded_at <= $4)";
        command.Parameters.Add(new NpgsqlParameter { Value = role });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)level ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)country ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)recordedBy?.UtcDateTime ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });

        var facts = new List<PayFact>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            facts.Add(Read(reader));
        }

        return facts;
    }

    internal static PayFact Read(NpgsqlDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        decimal? Number(int i) => reader.IsDBNull(i) ? null : reader.GetDecimal(i);
        var given = reader.GetInt16(12);
        PayFigure? Figure(int bit, int at) => (given & (1 << bit)) == 0 ? null : new PayFigure(Number(at), Number(at + 1), Number(at + 2));
        return new PayFact
        {
            Id = reader.GetGuid(0),
            Origin = ContractWords.Read<PayOrigin>(reader.GetString(1)) ?? PayOrigin.Market,
            Tenant = Text(2),
            Role = reader.GetString(4),
            Level = Text(5),
            Country = Text(6),
            City = Text(7),
            Organization = Text(8),
            Currency = reader.GetString(9),
            Period = ContractWords.Read<PayPeriod>(Text(10)),
            Kind = ContractWords.Read<FigureKind>(Text(11)),
            Components = new PayComponents(Figure(0, 13), Figure(1, 16), Figure(2, 19), Figure(3, 22)),
            SampleSize = reader.IsDBNull(25) ? null : reader.GetInt32(25),
            On = reader.GetFieldValue<DateOnly>(26),
            Publisher = Text(27),
            Attribution = ContractWords.Read<Attribution>(Text(28)),
            ClaimStatus = ContractWords.Read<ClaimStatus>(Text(29)),
            RecordedAt = new DateTimeOffset(reader.GetFieldValue<DateTime>(30), TimeSpan.Zero),
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
