using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.Logging;
using TalentPlatform.EventStore;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.Vocabulary;

namespace TalentPlatform.Imports;

/// <summary>What every import of a service shares: its store, clock, JSON rules and settings.</summary>
internal sealed record ImportServices(
    IDocumentStore Store,
    TimeProvider Time,
    JsonSerializerOptions Json,
    ImportOptions Options,
    ILogger Logger);

/// <summary>An upload being received: the import it feeds and how to read it.</summary>
internal sealed record ImportUpload(Import Import, UploadReader Reader, ActivityContext Request);

/// <summary>Runs one kind's imports: reads uploads as they stream, and applies held all-or-nothing rows.</summary>
internal abstract class ImportRunner
{
    /// <summary>Reads the upload to its end, checking and (valid-rows) applying or (all-or-nothing) holding each chunk.</summary>
    public abstract Task<Import> ReceiveAsync(ImportUpload upload, CancellationToken cancellationToken);

    /// <summary>Applies the held rows of an all-or-nothing import that was good throughout, resuming where it stopped.</summary>
    public abstract Task<Import> ApplyHeldAsync(Import import, CancellationToken cancellationToken);
}

internal sealed class ImportRunner<TRow>(ImportKind<TRow> kind, ImportServices services) : ImportRunner
    where TRow : class
{
    public static readonly ActivitySource Source = new("TalentPlatform.Imports");

    public override async Task<Import> ReceiveAsync(ImportUpload upload, CancellationToken cancellationToken)
    {
        var import = upload.Import;
        var reader = upload.Reader;
        var chunk = new Chunk(import.ChunkRows);

        var headerProblems = await reader.StartAsync(cancellationToken);
        if (headerProblems.Count > 0)
        {
            // A header that names something else than the kind's fields spoils every row: nothing is read.
            foreach (var problem in headerProblems)
            {
                chunk.Reject(1, problem.Field, problem.Reason);
            }

            return await CommitAsync(import, chunk, reader.BytesRead, upload.Request, finish: Finish.Failed("The CSV header does not name the fields of this kind; no row was read."), cancellationToken);
        }

        while (await reader.ReadAsync(cancellationToken))
        {
            chunk.RowsRead++;
            if (reader.Problems.Count > 0)
            {
                chunk.RejectRow(reader.Line, reader.Problems);
            }
            else if (Parse(reader.Json, out var row) is { Count: > 0 } problems)
            {
                chunk.RejectRow(reader.Line, problems);
            }
            else if (kind.Validate(row!, services.Time.GetUtcNow()) is { IsEmpty: false } invalid)
            {
                chunk.RejectRow(reader.Line, [.. invalid.ToDictionary().SelectMany(error => error.Value.Select(reason => new RowProblem(error.Key, reason)))]);
            }
            else
            {
                chunk.Accept(reader.Line, row!, import.Mode == ImportMode.AllOrNothing ? Encoding.UTF8.GetString(reader.Json) : null);
            }

            if (chunk.RowsRead == import.ChunkRows)
            {
                import = await CommitAsync(import, chunk, reader.BytesRead, upload.Request, finish: null, cancellationToken);
                chunk = new Chunk(import.ChunkRows);
            }
        }

        var read = import.RowsRead + chunk.RowsRead;
        var rejected = import.RowsRejected + chunk.RowsRejected;
        var finish = read == 0 ? Finish.Failed("The upload holds no rows.")
            : import.Mode == ImportMode.ValidRows ? Finish.Completed
            : rejected > 0 ? Finish.Failed($"{rejected} of {read} rows were rejected; nothing was applied.")
            : Finish.Applying;
        return await CommitAsync(import, chunk, reader.BytesRead, upload.Request, finish, cancellationToken);
    }

    public override async Task<Import> ApplyHeldAsync(Import import, CancellationToken cancellationToken)
    {
        while (import.State == ImportState.Applying)
        {
            using var activity = StartChunkActivity(import, default);
            await using var session = OpenSession(import);
            var held = await session.Query<HeldImportRow>()
                .Where(row => row.ImportId == import.Id && row.Line > import.AppliedThroughLine)
                .OrderBy(row => row.Line)
                .Take(import.ChunkRows)
                .ToListAsync(cancellationToken);
            var now = services.Time.GetUtcNow();
            if (held.Count == 0)
            {
                import = import with { State = ImportState.Completed, UpdatedAt = now, FinishedAt = now };
                session.Store(import);
                await session.SaveChangesAsync(cancellationToken);
                return import;
            }

            var context = new ImportWriteContext(now, import.Tenant, import.Id);
            foreach (var row in held)
            {
                if (Parse(Encoding.UTF8.GetBytes(row.Json), out var parsed) is { Count: > 0 } || parsed is null)
                {
                    throw new InvalidOperationException($"Held row {row.Line} of import {import.Id} no longer reads as a {kind.Name} row.");
                }

                try
                {
                    await kind.WriteAsync(session, parsed, context);
                }
                catch (ConflictException conflict)
                {
                    // Checked good on arrival, refused now: the state changed meanwhile. The chunks before it stay applied.
                    await using var failing = services.Store.LightweightSession();
                    failing.Insert(new ImportRejection(Guid.CreateVersion7(now), import.Id, row.Line, "row", conflict.Message));
                    import = import with
                    {
                        State = ImportState.Failed,
                        UpdatedAt = now,
                        FinishedAt = now,
                        Failure = $"Line {row.Line} was refused while applying ({conflict.Message}); the {import.RowsApplied} rows before its chunk were applied.",
                    };
                    failing.Store(import);
                    failing.DeleteWhere<HeldImportRow>(held => held.ImportId == import.Id);
                    await failing.SaveChangesAsync(cancellationToken);
                    return import;
                }
            }

            var through = held[^1].Line;
            session.DeleteWhere<HeldImportRow>(row => row.ImportId == import.Id && row.Line <= through);
            import = import with { RowsApplied = import.RowsApplied + held.Count, AppliedThroughLine = through, UpdatedAt = now };
            session.Store(import);
            await session.SaveChangesAsync(cancellationToken);
        }

        return import;
    }

    /// <summary>
    /// Commits a chunk in one transaction: its rows' events (valid-rows) or its held rows (all-or-nothing, while
    /// no row was rejected), its rejections and the import's progress.
    /// </summary>
    private async Task<Import> CommitAsync(Import import, Chunk chunk, long bytesRead, ActivityContext request, Finish? finish, CancellationToken cancellationToken)
    {
        using var activity = StartChunkActivity(import, request);
        activity?.SetTag("talent.import.rows", chunk.RowsRead);
        await using var session = OpenSession(import);
        var now = services.Time.GetUtcNow();
        var accepted = chunk.Accepted.Count;
        if (import.Mode == ImportMode.ValidRows)
        {
            var context = new ImportWriteContext(now, import.Tenant, import.Id);
            foreach (var row in chunk.Accepted)
            {
                try
                {
                    await kind.WriteAsync(session, row.Row, context);
                }
                catch (ConflictException conflict)
                {
                    chunk.RejectRow(row.Line, [new RowProblem("row", conflict.Message)]);
                    accepted--;
                }
            }
        }
        else if (import.RowsRejected + chunk.RowsRejected == 0)
        {
            foreach (var row in chunk.Accepted)
            {
                session.Insert(new HeldImportRow(Guid.CreateVersion7(now), import.Id, row.Line, row.Json!));
            }
        }

        foreach (var (line, field, reason) in chunk.Rejections)
        {
            session.Insert(new ImportRejection(Guid.CreateVersion7(now), import.Id, line, field, reason));
        }

        var rowsAccepted = import.RowsAccepted + accepted;
        import = import with
        {
            RowsRead = import.RowsRead + chunk.RowsRead,
            RowsAccepted = rowsAccepted,
            RowsRejected = import.RowsRejected + chunk.RowsRejected,
            RowsApplied = import.Mode == ImportMode.ValidRows ? rowsAccepted : import.RowsApplied,
            BytesRead = Math.Max(import.BytesRead, bytesRead),
            UpdatedAt = now,
        };

        if (finish is { } end)
        {
            import = import with
            {
                State = end.State,
                Failure = end.Failure,
                FinishedAt = end.State is ImportState.Completed or ImportState.Failed ? now : null,
                ApplyingSince = end.State == ImportState.Applying ? now : null,
            };
            if (end.State == ImportState.Failed)
            {
                session.DeleteWhere<HeldImportRow>(row => row.ImportId == import.Id);
            }
        }

        session.Store(import);
        await session.SaveChangesAsync(cancellationToken);
        return import;
    }

    /// <summary>The row as the single-record route reads its body, or the fields the JSON reader refused.</summary>
    private List<RowProblem>? Parse(ReadOnlySpan<byte> json, out TRow? row)
    {
        row = null;
        try
        {
            row = JsonSerializer.Deserialize<TRow>(json, services.Json);
            return row is null ? [new RowProblem("row", "A row is a JSON object.")] : null;
        }
        catch (JsonException exception)
        {
            return [.. ProblemDefaults.FromJsonException(exception).Errors
                .SelectMany(error => error.Value.Select(reason => new RowProblem(error.Key == "body" ? "row" : error.Key, reason)))];
        }
    }

    /// <summary>
    /// The session a chunk writes in: the caller's tenant for tenant-private kinds. Its events carry the chunk's
    /// own trace (a root linked to the upload), so a million rows never make one trace of a million spans.
    /// </summary>
    private IDocumentSession OpenSession(Import import) =>
        kind.TenantPrivate
            ? EventStoreSetup.OpenSession(services.Store, import.Tenant)
            : EventStoreSetup.OpenSession(services.Store);

    private static Activity? StartChunkActivity(Import import, ActivityContext request)
    {
        Activity.Current = null;
        var activity = Source.StartActivity(
            $"import {import.Kind} chunk",
            ActivityKind.Internal,
            parentContext: default,
            links: request == default ? null : [new ActivityLink(request)]);
        activity?.SetTag("talent.import.id", import.Id);
        return activity;
    }

    private readonly record struct Finish(ImportState State, string? Failure)
    {
        public static Finish Completed => new(ImportState.Completed, null);

        public static Finish Applying => new(ImportState.Applying, null);

        public static Finish Failed(string why) => new(ImportState.Failed, why);
    }

    /// <summary>The rows of one chunk as read: those accepted, and the reasons for those rejected.</summary>
    private sealed class Chunk(int size)
    {
        public int RowsRead { get; set; }

        public int RowsRejected { get; private set; }

        public List<(long Line, TRow Row, string? Json)> Accepted { get; } = new(size);

        public List<(long Line, string Field, string Reason)> Rejections { get; } = [];

        public void Accept(long line, TRow row, string? json) => Accepted.Add((line, row, json));

        public void RejectRow(long line, IEnumerable<RowProblem> problems)
        {
            RowsRejected++;
            foreach (var problem in problems)
            {
                Reject(line, problem.Field, problem.Reason);
            }
        }

        public void Reject(long line, string field, string reason) => Rejections.Add((line, field, reason));
    }
}
