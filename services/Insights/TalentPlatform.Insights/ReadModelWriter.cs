using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;
using Npgsql;
using NpgsqlTypes;
using TalentPlatform.Compensation.Contracts;
using TalentPlatform.Deals.Contracts;
using TalentPlatform.People.Contracts;

namespace TalentPlatform.Insights;

/// <summary>
/// Applies received events to one generation of the read models, inside the caller's transaction: the consumer's
/// (with the events it keeps and their MessageId records, so a read model never disagrees with the event store) or
/// a rebuild's (replaying the events kept). The same code serves a batch of one and a page of ten thousand: it loads
/// the state the events change (deals, offers, organizations) in one query per kind, folds the events in memory,
/// writes the changed rows in one statement per table, and adds up what every question's counters gain or lose.
/// Every step is idempotent (a version, a move, a report, an outcome is kept once) and order-independent (the newest
/// version wins, counters are sums), so a replay, a redelivery or a shuffled arrival gives the same read models.
/// </summary>
internal sealed partial class ReadModelWriter(NpgsqlConnection connection, Generation generation, UsdRates rates)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The models an ETag can be made of (each has a position).</summary>
    public static class Models
    {
        public const string Pay = "pay";
        public const string Deals = "deals";
        public const string Moves = "moves";
        public const string Offers = "offers";
        public const string Organizations = "organizations";
    }

    private const int Shards = 8;

    private static class LockClasses
    {
        public const int Deal = 0x494E_0001;
        public const int Organization = 0x494E_0002;
        public const int Offer = 0x494E_0003;
        public const int Move = 0x494E_0004;
        public const int Person = 0x494E_0005;
        public const int OrganizationTree = 0x494E_0006;
    }

    private readonly short _shard = (short)Random.Shared.Next(Shards);
    private readonly Dictionary<(string Acquirer, string Type), LeagueDelta> _league = [];
    private readonly Dictionary<(string Acquirer, DateOnly Month, string Type), LeagueDelta> _leagueMonths = [];
    private readonly Dictionary<DateOnly, HeatDelta> _heat = [];
    private readonly Dictionary<(string Kind, string Category), int> _claims = [];
    private readonly Dictionary<(string Category, string Kind, Guid Id), int> _figures = [];
    private readonly Dictionary<(string Kind, Guid Id), PriceRow?> _prices = [];
    private readonly Dictionary<(string From, string To), FlowDelta> _flows = [];
    private readonly HashSet<string> _touched = [];

    private string S => generation.Schema;

    /// <summary>
    /// Takes the locks the events' things need, so two transactions about one deal, offer, organization, move or person
    /// queue up instead of folding the same state twice. Call it first in the transaction; it sorts the keys, so two
    /// writers never wait on each other in a circle.
    /// </summary>
    public async Task LockAsync(IEnumerable<object> events, CancellationToken cancellationToken)
    {
        var keys = events.Select(LockKey).OfType<(int Class, int Key)>().Distinct().Order().ToList();
        if (keys.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand("select count(pg_advisory_xact_lock(c, k)) from unnest($1::int[], $2::int[]) as l(c, k)", connection)
        {
            Parameters =
            {
                new() { Value = keys.Select(key => key.Class).ToArray() },
                new() { Value = keys.Select(key => key.Key).ToArray() },
            },
        };
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Applies the events; returns the pay reports (and tenant rows) kept for the first time.</summary>
    public async Task<IReadOnlySet<Guid>> ApplyAsync(IReadOnlyList<object> events, CancellationToken cancellationToken)
    {
        var organizations = events.Select(OrganizationNode.SnapshotOf).OfType<OrganizationSnapshot>().ToList();
        var deals = events.Select(DealSnapshotOf).OfType<(DealSnapshot Deal, DateTimeOffset RecordedAt)>().ToList();
        var moves = events.OfType<TalentMoved>().ToList();
        var offers = events.Where(e => e is OfferExtended or OfferOutcomeRecorded).ToList();
        var pay = events.SelectMany(IEnumerable<PayFact> (e) => e switch
        {
            CompensationObserved observed => [PayFact.From(observed)],
            CompensationObservedInBulk bulk => bulk.Reports.Select(PayFact.From),
            CompensationSubmitted submitted => [PayFact.From(submitted)],
            _ => [],
        }).ToList();

        await ApplyOrganizationsAsync(organizations, cancellationToken);
        await ApplyDealsAsync(deals, cancellationToken);
        await ApplyMovesAsync(moves, cancellationToken);
        await ApplyOffersAsync(offers, cancellationToken);
        return await ApplyPayAsync(pay, cancellationToken);
    }

    /// <summary>Writes what the counters gained or lost and advances the position of every model changed.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var batch = new SqlBatch(connection);
        if (_league.Count > 0)
        {
            var rows = _league.OrderBy(pair => pair.Key.Acquirer, StringComparer.Ordinal).ThenBy(pair => pair.Key.Type, StringComparer.Ordinal).ToList();
            batch.Add(
                $"insert into {S}.league (acquirer, type, deals, usd, without_usd) select * from unnest($1::text[], $2::text[], $3::int[], $4::numeric[], $5::int[]) " +
                "on conflict (acquirer, type) do update set deals = league.deals + excluded.deals, usd = league.usd + excluded.usd, without_usd = league.without_usd + excluded.without_usd",
                SqlBatch.Array(rows.Select(row => row.Key.Acquirer), NpgsqlDbType.Text),
                SqlBatch.Array(rows.Select(row => row.Key.Type), NpgsqlDbType.Text),
                SqlBatch.Array(rows.Select(row => row.Value.Deals), NpgsqlDbType.Integer),
                SqlBatch.Array(rows.Select(row => row.Value.Usd), NpgsqlDbType.Numeric),
                SqlBatch.Array(rows.Select(row => row.Value.WithoutUsd), NpgsqlDbType.Integer));
        }

        if (_leagueMonths.Count > 0)
        {
            var rows = _leagueMonths.OrderBy(pair => pair.Key.Acquirer, StringComparer.Ordinal).ThenBy(pair => pair.Key.Month).ThenBy(pair => pair.Key.Type, StringComparer.Ordinal).ToList();
            batch.Add(
                $"insert into {S}.league_months (acquirer, month, type, deals, usd, without_usd) select * from unnest($1::text[], $2::date[], $3::text[], $4::int[], $5::numeric[], $6::int[]) " +
                "on conflict (acquirer, month, type) do update set deals = league_months.deals + excluded.deals, usd = league_months.usd + excluded.usd, " +
                "without_usd = league_months.without_usd + excluded.without_usd",
                SqlBatch.Array(rows.Select(row => row.Key.Acquirer), NpgsqlDbType.Text),
                SqlBatch.Array(rows.Select(row => row.Key.Month), NpgsqlDbType.Date),
                SqlBatch.Array(rows.Select(row => row.Key.Type), NpgsqlDbType.Text),
                SqlBatch.Array(rows.Select(row => row.Value.Deals), NpgsqlDbType.Integer),
                SqlBatch.Array(rows.Select(row => row.Value.Usd), NpgsqlDbType.Numeric),
                SqlBatch.Array(rows.Select(row => row.Value.WithoutUsd), NpgsqlDbType.Integer));
        }

        if (_flows.Count > 0)
        {
            var rows = _flows.OrderBy(pair => pair.Key.From, StringComparer.Ordinal).ThenBy(pair => pair.Key.To, StringComparer.Ordinal).ToList();
            batch.Add(
                $"insert into {S}.flow_pairs (from_org, to_org, moves, people, minimums) select * from unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[]) " +
                "on conflict (from_org, to_org) do update set moves = flow_pairs.moves + excluded.moves, people = flow_pairs.people + excluded.people, " +
                "minimums = flow_pairs.minimums + excluded.minimums",
                SqlBatch.Array(rows.Select(row => row.Key.From), NpgsqlDbType.Text),
                SqlBatch.Array(rows.Select(row => row.Key.To), NpgsqlDbType.Text),
                SqlBatch.Array(rows.Select(row => row.Value.Moves), NpgsqlDbType.Integer),
                SqlBatch.Array(rows.Select(row => row.Value.People), NpgsqlDbType.Integer),
                SqlBatch.Array(rows.Select(row => row.Value.Minimums), NpgsqlDbType.Integer));
        }

        if (_heat.Count > 0)
        {
            var rows = _heat.OrderBy(pair => pair.Key).ToList();
            batch.Add(
                $"insert into {S}.heat_weeks (week, shard, deals, moves, people, minimums, offers) " +
                "select w, $2, d, m, p, n, o from unnest($1::date[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[]) as h(w, d, m, p, n, o) " +
                "on conflict (week, shard) do update set deals = heat_weeks.deals + excluded.deals, moves = heat_weeks.moves + excluded.moves, " +
                "people = heat_weeks.people + excluded.people, minimums = heat_weeks.minimums + excluded.minimums, offers = heat_weeks.offers + excluded.offers",
                SqlBatch.Array(rows.Select(row => row.Key), NpgsqlDbType.Date),
                SqlBatch.Value(_shard, NpgsqlDbType.Smallint),
                SqlBatch.Array(rows.Select(row => row.Value.Deals), NpgsqlDbType.Integer),
                SqlBatch.Array(rows.Select(row => row.Value.Moves), NpgsqlDbType.Integer),
                SqlBatch.Array(rows.Select(row => row.Value.People), NpgsqlDbType.Integer),
                SqlBatch.Array(rows.Select(row => row.Value.Minimums), NpgsqlDbType.Integer),
                SqlBatch.Array(rows.Select(row => row.Value.Offers), NpgsqlDbType.Integer));
        }

        var claims = _claims.Where(pair => pair.Value != 0).OrderBy(pair => pair.Key.Kind, StringComparer.Ordinal).ThenBy(pair => pair.Key.Category, StringComparer.Ordinal).ToList();
        if (claims.Count > 0)
        {
            batch.Add(
                $"insert into {S}.claim_counts (kind, category, shard, n) select k, c, $3, n from unnest($1::text[], $2::text[], $4::int[]) as x(k, c, n) " +
                "on conflict (kind, category, shard) do update set n = claim_counts.n + excluded.n",
                SqlBatch.Array(claims.Select(row => row.Key.Kind), NpgsqlDbType.Text),
                SqlBatch.Array(claims.Select(row => row.Key.Category), NpgsqlDbType.Text),
                SqlBatch.Value(_shard, NpgsqlDbType.Smallint),
                SqlBatch.Array(claims.Select(row => row.Value), NpgsqlDbType.Integer));
        }

        var figures = _figures.Where(pair => pair.Value != 0).OrderBy(pair => pair.Key.Category, StringComparer.Ordinal).ThenBy(pair => pair.Key.Kind, StringComparer.Ordinal).ThenBy(pair => pair.Key.Id).ToList();
        var added = figures.Where(pair => pair.Value > 0).Select(pair => pair.Key).ToList();
        var removed = figures.Where(pair => pair.Value < 0).Select(pair => pair.Key).ToList();
        if (added.Count > 0)
        {
            batch.Add(
                $"insert into {S}.claim_figures (category, kind, id) select * from unnest($1::text[], $2::text[], $3::uuid[]) on conflict do nothing",
                SqlBatch.Array(added.Select(key => key.Category), NpgsqlDbType.Text),
                SqlBatch.Array(added.Select(key => key.Kind), NpgsqlDbType.Text),
                SqlBatch.Array(added.Select(key => key.Id), NpgsqlDbType.Uuid));
        }

        if (removed.Count > 0)
        {
            batch.Add(
                $"delete from {S}.claim_figures f using unnest($1::text[], $2::text[], $3::uuid[]) as r(c, k, i) where f.category = r.c and f.kind = r.k and f.id = r.i",
                SqlBatch.Array(removed.Select(key => key.Category), NpgsqlDbType.Text),
                SqlBatch.Array(removed.Select(key => key.Kind), NpgsqlDbType.Text),
                SqlBatch.Array(removed.Select(key => key.Id), NpgsqlDbType.Uuid));
        }

        AddPrices(batch);

        var models = _touched.Order(StringComparer.Ordinal).ToList();
        if (models.Count > 0)
        {
            batch.Add(
                $"insert into {S}.positions (model, shard, n) select m, $2, 1 from unnest($1::text[]) as m on conflict (model, shard) do update set n = positions.n + 1",
                SqlBatch.Array(models, NpgsqlDbType.Text),
                SqlBatch.Value(_shard, NpgsqlDbType.Smallint));
        }

        await batch.ExecuteAsync(cancellationToken);
    }

    private void AddPrices(SqlBatch batch)
    {
        var prices = _prices.OrderBy(pair => pair.Key.Kind, StringComparer.Ordinal).ThenBy(pair => pair.Key.Id).ToList();
        var upserts = prices.Where(pair => pair.Value is not null).Select(pair => pair.Value!).ToList();
        var deletes = prices.Where(pair => pair.Value is null).Select(pair => pair.Key).ToList();
        if (upserts.Count > 0)
        {
            batch.Add(
                $"insert into {S}.prices (kind, id, organization, counterparty, amount, currency, usd, rate, rate_on, rate_source, up_to, per_year, years, rule, claim_status, publisher) " +
                "select * from unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::numeric[], $6::text[], $7::numeric[], $8::numeric[], $9::date[], $10::text[], " +
                "$11::boolean[], $12::numeric[], $13::int[], $14::text[], $15::text[], $16::text[]) " +
                "on conflict (kind, id) do update set organization = excluded.organization, counterparty = excluded.counterparty, amount = excluded.amount, " +
                "currency = excluded.currency, usd = excluded.usd, rate = excluded.rate, rate_on = excluded.rate_on, rate_source = excluded.rate_source, " +
                "up_to = excluded.up_to, per_year = excluded.per_year, years = excluded.years, rule = excluded.rule, claim_status = excluded.claim_status, publisher = excluded.publisher",
                SqlBatch.Array(upserts.Select(price => price.Kind), NpgsqlDbType.Text),
                SqlBatch.Array(upserts.Select(price => price.Id), NpgsqlDbType.Uuid),
                SqlBatch.Array(upserts.Select(price => price.Organization), NpgsqlDbType.Text),
                SqlBatch.Array(upserts.Select(price => price.Counterparty), NpgsqlDbType.Text),
                SqlBatch.Array(upserts.Select(price => price.Amount.Amount), NpgsqlDbType.Numeric),
                SqlBatch.Array(upserts.Select(price => price.Amount.Currency), NpgsqlDbType.Text),
                SqlBatch.Array(upserts.Select(price => price.Amount.Usd), NpgsqlDbType.Numeric),
                SqlBatch.Array(upserts.Select(price => price.Amount.Rate), NpgsqlDbType.Numeric),
                SqlBatch.Array(upserts.Select(price => price.Amount.RateOn), NpgsqlDbType.Date),
                SqlBatch.Array(upserts.Select(price => price.Amount.RateSource), NpgsqlDbType.Text),
                SqlBatch.Array(upserts.Select(price => price.UpTo), NpgsqlDbType.Boolean),
                SqlBatch.Array(upserts.Select(price => price.PerYear), NpgsqlDbType.Numeric),
                SqlBatch.Array(upserts.Select(price => price.Years), NpgsqlDbType.Integer),
                SqlBatch.Array(upserts.Select(price => price.Rule), NpgsqlDbType.Text),
                SqlBatch.Array(upserts.Select(price => price.ClaimStatus), NpgsqlDbType.Text),
                SqlBatch.Array(upserts.Select(price => price.Publisher), NpgsqlDbType.Text));
        }

        if (deletes.Count > 0)
        {
            batch.Add(
                $"delete from {S}.prices p using unnest($1::text[], $2::uuid[]) as d(k, i) where p.kind = d.k and p.id = d.i",
                SqlBatch.Array(deletes.Select(key => key.Kind), NpgsqlDbType.Text),
                SqlBatch.Array(deletes.Select(key => key.Id), NpgsqlDbType.Uuid));
        }
    }

    /// <summary>A figure's claims counted (sign +1) or uncounted (−1) under its kind and every category it falls in.</summary>
    private void CountFigure(string kind, Guid id, short flags, int sign, bool listed)
    {
        Add(_claims, (kind, ClaimCategories.All), sign);
        foreach (var category in ClaimCategories.Every.Where(category => (flags & category.Bit) != 0))
        {
            Add(_claims, (kind, category.Name), sign);
            if (listed)
            {
                Add(_figures, (category.Name, kind, id), sign);
            }
        }
    }

    private void CountHeat(DateOnly day, HeatDelta delta)
    {
        var week = HeatWeeks.WeekOf(day);
        _heat[week] = _heat.TryGetValue(week, out var sum) ? sum + delta : delta;
    }

    private static void Add<TKey>(Dictionary<TKey, int> counts, TKey key, int delta)
        where TKey : notnull => counts[key] = counts.GetValueOrDefault(key) + delta;

    private static (DealSnapshot Deal, DateTimeOffset RecordedAt)? DealSnapshotOf(object message) => message switch
    {
        DealRumoured e => (e.Deal, e.RecordedAt),
        DealAnnounced e => (e.Deal, e.RecordedAt),
        DealTermsChanged e => (e.Deal, e.RecordedAt),
        DealClosed e => (e.Deal, e.RecordedAt),
        DealCancelled e => (e.Deal, e.RecordedAt),
        TalentAttachedToDeal e => (e.Deal, e.RecordedAt),
        _ => null,
    };

    private static (int Class, int Key)? LockKey(object message) => message switch
    {
        _ when DealSnapshotOf(message) is { } deal => (LockClasses.Deal, KeyOf(deal.Deal.Id)),
        _ when OrganizationNode.SnapshotOf(message) is { } organization => (LockClasses.Organization, KeyOf(organization.Id)),
        OfferExtended e => (LockClasses.Offer, KeyOf(e.OfferId)),
        OfferOutcomeRecorded e => (LockClasses.Offer, KeyOf(e.OfferId)),
        TalentMoved e => (LockClasses.Move, KeyOf(e.MoveId)),
        PersonRegistered e => (LockClasses.Person, KeyOf(e.PersonId)),
        EmploymentRecorded e => (LockClasses.Person, KeyOf(e.PersonId)),
        _ => null,
    };

    private static int KeyOf(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        return BinaryPrimitives.ReadInt32LittleEndian(bytes) ^ BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]) ^
            BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]) ^ BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
    }

    private readonly record struct LeagueDelta(int Deals, decimal Usd, int WithoutUsd)
    {
        public static LeagueDelta operator +(LeagueDelta a, LeagueDelta b) => new(a.Deals + b.Deals, a.Usd + b.Usd, a.WithoutUsd + b.WithoutUsd);
    }

    private readonly record struct FlowDelta(int Moves, int People, int Minimums)
    {
        public static FlowDelta operator +(FlowDelta a, FlowDelta b) => new(a.Moves + b.Moves, a.People + b.People, a.Minimums + b.Minimums);
    }

    private readonly record struct HeatDelta(int Deals, int Moves, int People, int Minimums, int Offers)
    {
        public static HeatDelta operator +(HeatDelta a, HeatDelta b) => new(a.Deals + b.Deals, a.Moves + b.Moves, a.People + b.People, a.Minimums + b.Minimums, a.Offers + b.Offers);
    }
}
