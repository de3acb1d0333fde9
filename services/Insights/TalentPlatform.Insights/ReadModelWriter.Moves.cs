using Npgsql;
using NpgsqlTypes;
using TalentPlatform.People.Contracts;

namespace TalentPlatform.Insights;

internal sealed partial class ReadModelWriter
{
    public const string MoveColumns =
        "id, person_id, person_name, count, is_minimum, from_org, to_org, on_text, on_precision, on_earliest, deal_id, publisher, attribution, claim_status, recorded_at, claim_flags";

    /// <summary>Keeps each move once; a move kept for the first time counts in its pair of organizations, its week and its claims.</summary>
    private async Task ApplyMovesAsync(List<TalentMoved> received, CancellationToken cancellationToken)
    {
        if (received.Count == 0)
        {
            return;
        }

        var moves = received.DistinctBy(move => move.MoveId).Select(MoveFact.Of).OrderBy(move => move.Id).ToList();
        await using var command = new NpgsqlCommand(
            $"insert into {S}.moves ({MoveColumns}) select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::boolean[], $6::text[], $7::text[], $8::text[], " +
            "$9::text[], $10::date[], $11::uuid[], $12::text[], $13::text[], $14::text[], $15::timestamptz[], $16::smallint[]) on conflict (id) do nothing returning id",
            connection)
        {
            Parameters =
            {
                SqlBatch.Array(moves.Select(move => move.Id), NpgsqlDbType.Uuid),
                SqlBatch.Array(moves.Select(move => move.PersonId), NpgsqlDbType.Uuid),
                SqlBatch.Array(moves.Select(move => move.PersonName), NpgsqlDbType.Text),
                SqlBatch.Array(moves.Select(move => move.Count), NpgsqlDbType.Integer),
                SqlBatch.Array(moves.Select(move => move.CountIsMinimum), NpgsqlDbType.Boolean),
                SqlBatch.Array(moves.Select(move => move.From), NpgsqlDbType.Text),
                SqlBatch.Array(moves.Select(move => move.To), NpgsqlDbType.Text),
                SqlBatch.Array(moves.Select(move => move.On), NpgsqlDbType.Text),
                SqlBatch.Array(moves.Select(move => move.OnPrecision), NpgsqlDbType.Text),
                SqlBatch.Array(moves.Select(move => move.OnEarliest), NpgsqlDbType.Date),
                SqlBatch.Array(moves.Select(move => move.DealId), NpgsqlDbType.Uuid),
                SqlBatch.Array(moves.Select(move => move.Publisher), NpgsqlDbType.Text),
                SqlBatch.Array(moves.Select(move => ContractWords.WriteOrNull(move.Attribution)), NpgsqlDbType.Text),
                SqlBatch.Array(moves.Select(move => ContractWords.WriteOrNull(move.ClaimStatus)), NpgsqlDbType.Text),
                SqlBatch.Array(moves.Select(move => move.RecordedAt.UtcDateTime), NpgsqlDbType.TimestampTz),
                SqlBatch.Array(moves.Select(move => move.ClaimFlags), NpgsqlDbType.Smallint),
            },
        };
        var fresh = new HashSet<Guid>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                fresh.Add(reader.GetGuid(0));
            }
        }

        foreach (var move in moves.Where(move => fresh.Contains(move.Id)))
        {
            var minimum = move.CountIsMinimum ? 1 : 0;
            var pair = (move.From, move.To);
            var delta = new FlowDelta(1, move.Count, minimum);
            _flows[pair] = _flows.TryGetValue(pair, out var sum) ? sum + delta : delta;
            CountHeat(move.OnEarliest, new HeatDelta(0, 1, move.Count, minimum, 0));
            CountFigure("move", move.Id, move.ClaimFlags, +1, listed: false);
        }

        if (fresh.Count > 0)
        {
            _touched.Add(Models.Moves);
        }
    }
}
