using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace TalentPlatform.Insights;

internal sealed partial class ReadModelWriter
{
    /// <summary>Folds offers and their outcomes into each offer's fact; what changed leaves the counters as it was and enters as it is.</summary>
    private async Task ApplyOffersAsync(List<object> received, CancellationToken cancellationToken)
    {
        if (received.Count == 0)
        {
            return;
        }

        var ids = received.Select(OfferIdOf).Distinct().Order().ToArray();
        var kept = new Dictionary<Guid, OfferFact>();
        await using (var command = new NpgsqlCommand($"select doc::text from {S}.offers where id = any($1)", connection) { Parameters = { new() { Value = ids } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var offer = JsonSerializer.Deserialize<OfferFact>(reader.GetString(0), Json)!;
                kept[offer.Id] = offer;
            }
        }

        var written = new List<OfferFact>();
        foreach (var offer in received.GroupBy(OfferIdOf))
        {
            var before = kept.GetValueOrDefault(offer.Key);
            var beforeJson = before is null ? null : JsonSerializer.Serialize(before, Json);
            var after = before is null ? null : JsonSerializer.Deserialize<OfferFact>(beforeJson!, Json);
            foreach (var e in offer)
            {
                after = OfferFold.Apply(e, after);
            }

            if (JsonSerializer.Serialize(after, Json) == beforeJson)
            {
                continue;
            }

            CountOffer(before, -1);
            CountOffer(after!, +1);
            _prices[("offer", offer.Key)] = PriceRow.Of(after!, rates);
            written.Add(after!);
        }

        if (written.Count == 0)
        {
            return;
        }

        written = [.. written.OrderBy(offer => offer.Id)];
        await using var write = new NpgsqlCommand(
            $"insert into {S}.offers (id, extended_on, doc) select * from unnest($1::uuid[], $2::date[], $3::jsonb[]) " +
            "on conflict (id) do update set extended_on = excluded.extended_on, doc = excluded.doc",
            connection)
        {
            Parameters =
            {
                SqlBatch.Array(written.Select(offer => offer.Id), NpgsqlDbType.Uuid),
                SqlBatch.Array(written.Select(offer => offer.Extended ? offer.ExtendedOn : (DateOnly?)null), NpgsqlDbType.Date),
                SqlBatch.Array(written.Select(offer => JsonSerializer.Serialize(offer, Json)), NpgsqlDbType.Jsonb),
            },
        };
        await write.ExecuteNonQueryAsync(cancellationToken);
        _touched.Add(Models.Offers);
    }

    private void CountOffer(OfferFact? offer, int sign)
    {
        if (offer is null)
        {
            return;
        }

        if (offer.Extended)
        {
            CountHeat(offer.ExtendedOn, new HeatDelta(0, 0, 0, 0, sign));
        }

        CountFigure("offer", offer.Id, ClaimCategories.Flags(offer.OfferClaims()), sign, listed: true);
        if (offer.Outcomes.Count > 0)
        {
            CountFigure("offer-outcome", offer.Id, ClaimCategories.Flags(offer.OutcomeClaims()), sign, listed: true);
        }
    }

    private static Guid OfferIdOf(object e) => e switch
    {
        Compensation.Contracts.OfferExtended extended => extended.OfferId,
        Compensation.Contracts.OfferOutcomeRecorded outcome => outcome.OfferId,
        _ => throw new InvalidOperationException($"{e.GetType().Name} is not an offer event."),
    };
}
