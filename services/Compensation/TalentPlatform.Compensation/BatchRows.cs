using System.Text.Json;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Compensation;

/// <summary>Rows are read one by one, so that every bad row is reported, not only the first.</summary>
public sealed record BatchRequest(IReadOnlyList<JsonElement> Rows);

public sealed record BatchCreated(int Count, IReadOnlyList<Guid> Ids);

/// <summary>
/// All-or-nothing batches: every row is parsed and validated on its own, and any bad row rejects the whole
/// batch with each bad row's index and field (<c>rows[12].components.base.amount</c>).
/// </summary>
public static class BatchRows
{
    public const int MaxRows = 10_000;

    /// <returns>The rows, or the 400 that names every bad row.</returns>
    public static (List<T> Rows, IResult? Invalid) Read<T>(BatchRequest request, JsonSerializerOptions json, Action<T, ValidationErrors> validate)
        where T : class
    {
        var errors = new ValidationErrors()
            .When(request.Rows.Count == 0, "rows", "At least one row.")
            .When(request.Rows.Count > MaxRows, "rows", $"At most {MaxRows} rows in one batch.");
        var rows = new List<T>(Math.Min(request.Rows.Count, MaxRows));
        for (var i = 0; i < request.Rows.Count && request.Rows.Count <= MaxRows; i++)
        {
            var prefix = $"rows[{i}].";
            try
            {
                var row = request.Rows[i].Deserialize<T>(json) ?? throw new JsonException("A row is an object.");
                var rowErrors = new ValidationErrors();
                validate(row, rowErrors);
                Prefix(errors, rowErrors.ToDictionary(), prefix, $"rows[{i}]");
                rows.Add(row);
            }
            catch (JsonException exception)
            {
                Prefix(errors, ProblemDefaults.FromJsonException(exception).Errors, prefix, $"rows[{i}]");
            }
        }

        return (rows, errors.IsEmpty ? null : TypedResults.ValidationProblem(errors.ToDictionary(), title: "The batch is not valid; nothing was written."));
    }

    /// <summary>
    /// Starts one stream per row in <paramref name="session"/>, with the events its decision made, and commits
    /// them in one transaction — the whole batch or none of it — with the answer stored for the request's
    /// Idempotency-Key.
    /// </summary>
    public static async Task<IResult> WriteAsync<TState>(IDocumentSession session, HttpContext http, IEnumerable<(Guid StreamId, IReadOnlyList<object> Events)> streams)
        where TState : class
    {
        var ids = new List<Guid>();
        foreach (var (streamId, events) in streams)
        {
            session.Events.StartStream<TState>(streamId, events);
            ids.Add(streamId);
        }

        return await CommitAsync(session, http, ids);
    }

    /// <summary>Commits what the batch staged in <paramref name="session"/>, with the answer stored for the request's Idempotency-Key.</summary>
    public static async Task<IResult> CommitAsync(IDocumentSession session, HttpContext http, IReadOnlyList<Guid> ids)
    {
        var answer = new BatchCreated(ids.Count, ids);
        IdempotencyKeys.Stage(session, http, StatusCodes.Status201Created, answer);
        await session.SaveChangesAsync(http.RequestAborted);
        return TypedResults.Json(answer, statusCode: StatusCodes.Status201Created);
    }

    private static void Prefix(ValidationErrors errors, IDictionary<string, string[]> rowErrors, string prefix, string whole)
    {
        foreach (var (field, messages) in rowErrors)
        {
            foreach (var message in messages)
            {
                errors.Add(field == "body" ? whole : prefix + field, message);
            }
        }
    }
}
