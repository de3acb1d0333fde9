using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using TalentPlatform.Deals.Contracts;

namespace TalentPlatform.Insights;

internal sealed partial class ReadModelWriter
{
    private const string DealColumns =
        "id, version, recorded_from, superseded_at, type, acquirer, target, status, counted, announced_on, closed_on, amount, currency, usd, rate, rate_on, rate_source, claim_status, stake, claims";

    /// <summary>
    /// Keeps each new version of a deal, works out every version's interval again, and — when the current version
    /// changed — takes the old one out of the counters (league table, market heat, claims quality, prices) and puts
    /// the new one in.
    /// </summary>
    private async Task ApplyDealsAsync(List<(DealSnapshot Deal, DateTimeOffset RecordedAt)> received, CancellationToken cancellationToken)
    {
        if (received.Count == 0)
        {
            return;
        }

        var ids = received.Select(item => item.Deal.Id).Distinct().Order().ToArray();
        var kept = await LoadDealVersionsAsync(ids, cancellationToken);
        var written = new List<DealVersion>();
        foreach (var deal in received.GroupBy(item => item.Deal.Id))
        {
            var versions = kept.GetValueOrDefault(deal.Key) ?? [];
            var before = versions.MaxBy(version => version.Version);
            var intervalsBefore = versions.ToDictionary(version => version.Version, version => version.SupersededAt);
            foreach (var (snapshot, recordedAt) in deal.OrderBy(item => item.Deal.Version))
            {
                if (!intervalsBefore.ContainsKey(snapshot.Version) && versions.All(version => version.Version != snapshot.Version))
                {
                    versions.Add(DealVersion.From(snapshot, recordedAt, rates));
                }
            }

            if (versions.Count == intervalsBefore.Count)
            {
                continue;
            }

            // New versions, and kept ones whose interval a new version ended.
            var intervals = DealVersion.WithIntervals(versions);
            written.AddRange(intervals.Where(version => !intervalsBefore.TryGetValue(version.Version, out var superseded) || superseded != version.SupersededAt));
            var after = intervals[0];
            if (before?.Version != after.Version)
            {
                CountDeal(before, -1);
                CountDeal(after, +1);
                _prices[("deal", after.Id)] = PriceRow.Of(after);
            }
        }

        if (written.Count == 0)
        {
            return;
        }

        written = [.. written.OrderBy(version => version.Id).ThenBy(version => version.Version)];
        await using var command = new NpgsqlCommand(
            $"insert into {S}.deal_versions ({DealColumns}) select * from unnest($1::uuid[], $2::bigint[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::text[], " +
            "$7::text[], $8::text[], $9::boolean[], $10::date[], $11::date[], $12::numeric[], $13::text[], $14::numeric[], $15::numeric[], $16::date[], $17::text[], " +
            "$18::text[], $19::numeric[], $20::jsonb[]) on conflict (id, version) do update set superseded_at = excluded.superseded_at",
            connection)
        {
            Parameters =
            {
                SqlBatch.Array(written.Select(version => version.Id), NpgsqlDbType.Uuid),
                SqlBatch.Array(written.Select(version => version.Version), NpgsqlDbType.Bigint),
                SqlBatch.Array(written.Select(version => version.RecordedFrom.UtcDateTime), NpgsqlDbType.TimestampTz),
                SqlBatch.Array(written.Select(version => version.SupersededAt?.UtcDateTime), NpgsqlDbType.TimestampTz),
                SqlBatch.Array(written.Select(version => version.Type), NpgsqlDbType.Text),
                SqlBatch.Array(written.Select(version => version.Acquirer), NpgsqlDbType.Text),
                SqlBatch.Array(written.Select(version => version.Target), NpgsqlDbType.Text),
                SqlBatch.Array(written.Select(version => ContractWords.WriteOrNull(version.Status)), NpgsqlDbType.Text),
                SqlBatch.Array(written.Select(version => version.Counted), NpgsqlDbType.Boolean),
                SqlBatch.Array(written.Select(version => version.AnnouncedOn), NpgsqlDbType.Date),
                SqlBatch.Array(written.Select(version => version.ClosedOn), NpgsqlDbType.Date),
                SqlBatch.Array(written.Select(version => version.Amount), NpgsqlDbType.Numeric),
                SqlBatch.Array(written.Select(version => version.Currency), NpgsqlDbType.Text),
                SqlBatch.Array(written.Select(version => version.Usd?.Usd), NpgsqlDbType.Numeric),
                SqlBatch.Array(written.Select(version => version.Usd?.Rate), NpgsqlDbType.Numeric),
                SqlBatch.Array(written.Select(version => version.Usd?.RateOn), NpgsqlDbType.Date),
                SqlBatch.Array(written.Select(version => version.Usd?.RateSource), NpgsqlDbType.Text),
                SqlBatch.Array(written.Select(version => ContractWords.WriteOrNull(version.ClaimStatus)), NpgsqlDbType.Text),
                SqlBatch.Array(written.Select(version => version.StakePercent), NpgsqlDbType.Numeric),
                SqlBatch.Array(written.Select(version => JsonSerializer.Serialize(version.Claims, Json)), NpgsqlDbType.Jsonb),
            },
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
        _touched.Add(Models.Deals);
    }

    private void CountDeal(DealVersion? deal, int sign)
    {
        if (deal is null)
        {
            return;
        }

        if (deal.Counted)
        {
            var usd = deal.Usd?.Usd;
            var delta = new LeagueDelta(sign, sign * (usd ?? 0m), usd is null ? sign : 0);
            var byType = (deal.Acquirer, deal.Type);
            _league[byType] = _league.TryGetValue(byType, out var sum) ? sum + delta : delta;
            if (deal.AnnouncedOn is { } announced)
            {
                var byMonth = (deal.Acquirer, new DateOnly(announced.Year, announced.Month, 1), deal.Type);
                _leagueMonths[byMonth] = _leagueMonths.TryGetValue(byMonth, out var monthSum) ? monthSum + delta : delta;
                CountHeat(announced, new HeatDelta(sign, 0, 0, 0, 0));
            }
        }

        foreach (var (kind, flags) in deal.Figures())
        {
            CountFigure(kind, deal.Id, flags, sign, listed: true);
        }
    }

    private async Task<Dictionary<Guid, List<DealVersion>>> LoadDealVersionsAsync(Guid[] ids, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"select {DealColumns} from {S}.deal_versions where id = any($1)", connection) { Parameters = { new() { Value = ids } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new Dictionary<Guid, List<DealVersion>>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var version = ReadDealVersion(reader);
            (versions.TryGetValue(version.Id, out var list) ? list : versions[version.Id] = []).Add(version);
        }

        return versions;
    }

    /// <summary>The current version of each deal that <paramref name="condition"/> (SQL over <c>deal_versions</c>' columns, with $1…) selects.</summary>
    public static async Task<List<DealVersion>> CurrentDealsAsync(NpgsqlConnection connection, Generation generation, string condition, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"select {DealColumns} from {generation.Schema}.deal_versions where superseded_at is null and ({condition}) order by announced_on nulls last, id", connection);
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var deals = new List<DealVersion>();
        while (await reader.ReadAsync(cancellationToken))
        {
            deals.Add(ReadDealVersion(reader));
        }

        return deals;
    }

    /// <summary>A row of <c>deal_versions</c> read back, columns in the order of <see cref="DealColumns"/>.</summary>
    public static DealVersion ReadDealVersion(NpgsqlDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        decimal? Number(int i) => reader.IsDBNull(i) ? null : reader.GetDecimal(i);
        DateOnly? Day(int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateOnly>(i);
        DateTimeOffset? Instant(int i) => reader.IsDBNull(i) ? null : new DateTimeOffset(DateTime.SpecifyKind(reader.GetFieldValue<DateTime>(i), DateTimeKind.Utc));
        var amount = Number(11);
        var currency = Text(12);
        return new DealVersion(
            reader.GetGuid(0),
            reader.GetInt64(1),
            Instant(2)!.Value,
            Instant(3),
            reader.GetString(4),
            reader.GetString(5),
            reader.GetString(6),
            ContractWords.Read<DealStatus>(Text(7)),
            Day(9),
            Day(10),
            amount,
            currency,
            amount is { } value && currency is not null ? new UsdFigure(value, currency, Number(13), Number(14), Day(15), Text(16)) : null,
            ContractWords.Read<ClaimStatus>(Text(17)),
            Number(18),
            JsonSerializer.Deserialize<List<TermClaim>>(reader.GetString(19), Json) ?? []);
    }
}
