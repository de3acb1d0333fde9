using Npgsql;

namespace TalentPlatform.Insights;

/// <summary>
/// The tables of one generation of Insights' read models, each shaped to the questions that read it, in the
/// generation's own schema. Primary keys come with the tables; the other indexes serve answers and are built
/// after a rebuild's bulk replay (cheaper than keeping them up to date row by row), before the generation goes live.
/// </summary>
internal static class ReadModelTables
{
    /// <summary>Raised whenever the tables below change shape: a live generation of an older shape is rebuilt beside it.</summary>
    public const int Shape = 1;

    public static async Task CreateAsync(NpgsqlConnection connection, string schema, bool withSecondaryIndexes, CancellationToken cancellationToken)
    {
        await Generations.ExecuteAsync(connection, Tables(schema), cancellationToken);
        if (withSecondaryIndexes)
        {
            await CreateIndexesAsync(connection, schema, cancellationToken);
        }
    }

    public static Task CreateIndexesAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken) =>
        Generations.ExecuteAsync(connection, Indexes(schema), cancellationToken);

    public static Task DropAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken) =>
        Generations.ExecuteAsync(connection, $"drop schema if exists {schema} cascade", cancellationToken);

    private static string Tables(string s) => $"""
        create schema if not exists {s};

        -- How far each read model has come: every transaction that changes one adds 1 to one of its shards (chosen at
        -- random, so concurrent writers rarely wait on each other); the sum is the model's position, in every ETag.
        create table {s}.positions (model text not null, shard smallint not null, n bigint not null, primary key (model, shard));

        -- Pay: one row per market report or tenant row, as reported. tx is the writing transaction, which the pay
        -- index of every host follows (rows below the oldest running transaction are final).
        create table {s}.pay_rows (
            id uuid primary key, origin text not null, tenant text, contributor text not null, role text not null,
            level text, country text, city text, organization text, currency text not null, period text, kind text,
            given smallint not null,
            base numeric, base_min numeric, base_max numeric, bonus numeric, bonus_min numeric, bonus_max numeric,
            equity numeric, equity_min numeric, equity_max numeric, sign_on numeric, sign_on_min numeric, sign_on_max numeric,
            sample_size integer, on_day date not null, publisher text, attribution text, claim_status text,
            recorded_at timestamptz not null, claim_flags smallint not null,
            tx bigint not null default (pg_current_xact_id()::text::bigint));

        -- Deals: every version received, with the interval in which it was the known state (recorded_from until the
        -- first later version's record, superseded_at); the current version has none.
        create table {s}.deal_versions (
            id uuid not null, version bigint not null, recorded_from timestamptz not null, superseded_at timestamptz,
            type text not null, acquirer text not null, target text not null, status text, counted boolean not null,
            announced_on date, closed_on date, amount numeric, currency text, usd numeric, rate numeric, rate_on date, rate_source text,
            claim_status text, stake numeric, claims jsonb not null,
            primary key (id, version));

        -- League table: per acquirer and deal type, all time and per month of announcement (for date ranges).
        create table {s}.league (acquirer text not null, type text not null, deals integer not null, usd numeric not null,
            without_usd integer not null, primary key (acquirer, type));
        create table {s}.league_months (acquirer text not null, month date not null, type text not null, deals integer not null,
            usd numeric not null, without_usd integer not null, primary key (acquirer, month, type));

        create table {s}.moves (
            id uuid primary key, person_id uuid, person_name text, count integer not null, is_minimum boolean not null,
            from_org text not null, to_org text not null, on_text text not null, on_precision text not null, on_earliest date not null,
            deal_id uuid, publisher text not null, attribution text, claim_status text, recorded_at timestamptz not null,
            claim_flags smallint not null);

        -- Talent flows: per pair of organizations, all time.
        create table {s}.flow_pairs (from_org text not null, to_org text not null, moves integer not null, people integer not null,
            minimums integer not null, primary key (from_org, to_org));

        create table {s}.offers (id uuid primary key, extended_on date, doc jsonb not null);

        create table {s}.organizations (id uuid primary key, slug text not null, version bigint not null, parent text);
        create table {s}.organization_roots (slug text primary key, root text not null);

        -- Market heat: per ISO week (its Monday), sharded like positions.
        create table {s}.heat_weeks (week date not null, shard smallint not null, deals integer not null, moves integer not null,
            people integer not null, minimums integer not null, offers integer not null, primary key (week, shard));

        -- Claims quality: figures per kind and category ('all' counts every figure of the kind), sharded.
        create table {s}.claim_counts (kind text not null, category text not null, shard smallint not null, n integer not null,
            primary key (kind, category, shard));

        -- The deal and offer figures in each category, for their paged lists (pay reports and moves are listed from
        -- their own tables through partial indexes).
        create table {s}.claim_figures (category text not null, kind text not null, id uuid not null, primary key (category, kind, id));

        -- Talent versus compute: every priced offer and announced deal with its USD value, ranked by an index.
        create table {s}.prices (kind text not null, id uuid not null, organization text not null, counterparty text not null,
            amount numeric not null, currency text not null, usd numeric, rate numeric, rate_on date, rate_source text,
            up_to boolean not null, per_year numeric, years integer, rule text, claim_status text not null, publisher text not null,
            primary key (kind, id));
        """;

    private static string Indexes(string s)
    {
        var claimIndexes = string.Concat(ClaimCategories.Every.Where(category => category.Bit != ClaimCategories.SingleSource.Bit).Select(category => $"""
            create index if not exists pay_rows_claims_{category.Bit} on {s}.pay_rows (id) where origin = 'market' and claim_flags & {category.Bit} <> 0;
            create index if not exists moves_claims_{category.Bit} on {s}.moves (id) where claim_flags & {category.Bit} <> 0;

            """));
        return $"""
            create index if not exists pay_rows_tx on {s}.pay_rows (tx, id);
            create index if not exists pay_rows_facts on {s}.pay_rows (role, (coalesce(level, '')), (coalesce(country, '')), id) where origin = 'market';
            create index if not exists deal_versions_acquirer on {s}.deal_versions (acquirer, (coalesce(usd, 0)) desc, id desc) where superseded_at is null and counted;
            create index if not exists deal_versions_acquirer_known on {s}.deal_versions (acquirer, recorded_from) where counted;
            create index if not exists deal_versions_announced on {s}.deal_versions (announced_on, id) include (acquirer, type, usd) where superseded_at is null and counted;
            create index if not exists deal_versions_known on {s}.deal_versions (recorded_from) include (superseded_at, acquirer, type, usd, announced_on, currency) where counted;
            create index if not exists deal_versions_target on {s}.deal_versions (target) where superseded_at is null;
            create index if not exists moves_from on {s}.moves (from_org, on_earliest, id);
            create index if not exists moves_to on {s}.moves (to_org, on_earliest, id);
            create index if not exists moves_on on {s}.moves (on_earliest, id);
            create index if not exists flow_pairs_to on {s}.flow_pairs (to_org);
            create index if not exists offers_extended on {s}.offers (extended_on, id) where extended_on is not null;
            create index if not exists organization_roots_root on {s}.organization_roots (root);
            create index if not exists prices_ranked on {s}.prices (usd desc, id) where usd is not null;
            {claimIndexes}
            """;
    }
}
