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
        var writer = kind.Writer();
        var chunk = new Chunk(import.ChunkRows);

        var headerProblems = await reader.StartAsync(cancellationToken);
        if (headerProblems.Count > 0)
        {
            // A header that names something else than the kind's fields spoils every row: nothing is read.
            foreach (var problem in headerProblems)
            {
                chunk.Reject(1, problem.Field, problem.Reason);
            }

            return await CommitAsync(import, chunk, writer, reader.BytesRead, upload.Request, finish: Finish.Failed("The CSV header does not name the fields of this kind; no row was read."), cancellationToken);
        }

        // A chunk commits while the next is read: the upload keeps streaming and parsing while the store
        // writes. Commits still run one at a time and in order, each on the import the one before left.
        Task<Import>? committing = null;
        try
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                chunk.RowsRead++;
                if (reader.Problems.Count > 0)
                {
                    chunk.RejectRow(reader.Line, reader.Problems);
                }
                else if (Parse(reader.Line, reader.Json, out var row) is { Count: > 0 } problems)
                {
                    chunk.RejectRow(reader.Line, problems);
                }
                else
                {
                    chunk.Accept(row!, import.Mode == ImportMode.AllOrNothing ? Encoding.UTF8.GetString(reader.Json) : null);
                }

                if (chunk.RowsRead == import.ChunkRows)
                {
                    if (committing is not null)
                    {
                        import = await committing;
                    }

                    committing = CommitAsync(import, chunk, writer, reader.BytesRead, upload.Request, finish: null, cancellationToken);
                    chunk = new Chunk(import.ChunkRows);
                }
            }

            if (committing is not null)
            {
                import = await committing;
                committing = null;
            }
        }
        catch when (committing is not null)
        {
            // The upload broke off (or failed) while a chunk was committing: that chunk ends, committed or not,
            // before the import is marked failed.
            try
            {
                await committing;
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // Cancelled with the request; the import's failure says what was kept.
            }

            throw;
        }

        // The last chunk is checked before the import's end is known: its rows may yet be rejected.
        import = await CommitAsync(import, chunk, writer, reader.BytesRead, upload.Request, finish: null, cancellationToken);
        var finish = import.RowsRead == 0 ? Finish.Failed("The upload holds no rows.")
            : import.Mode == ImportMode.ValidRows ? Finish.Completed
            : import.RowsRejected > 0 ? Finish.Failed($"{import.RowsRejected} of {import.RowsRead} rows were rejected; nothing was applied.")
            : Finish.Applying;
        return await CommitAsync(import, new Chunk(0), writer, reader.BytesRead, upload.Request, finish, cancellationToken);
    }

    public override async Task<Import> ApplyHeldAsync(Import import, CancellationToken cancellationToken)
    {
        var writer = kind.Writer();
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

            var rows = new List<ImportRow<TRow>>(held.Count);
            foreach (var row in held)
            {
                if (Parse(row.Line, Encoding.UTF8.GetBytes(row.Json), out var parsed) is { Count: > 0 } || parsed is null)
                {
                    throw new InvalidOperationException($"Held row {row.Line} of import {import.Id} no longer reads as a {kind.Name} row.");
                }

                rows.Add(parsed);
            }

            var context = new ImportWriteContext(now, import.Tenant, import.Id, cancellationToken);
            var records = new ChunkRecords(rows.Count);
            await writer.LoadAsync(session, rows, cancellationToken);
            foreach (var row in rows)
            {
                var (refusal, record) = await TryWriteAsync(writer, session, row, context);
                if (refusal is not null)
                {
                    // Checked good on arrival, refused now: the state changed meanwhile. The chunks before it stay applied.
                    return await FailWhileApplyingAsync(import, row.Line, refusal, now, cancellationToken);
                }

                records.Add(row.Line, record);
            }

            writer.EndChunk(session, context);
            var through = held[^1].Line;
            session.DeleteWhere<HeldImportRow>(row => row.ImportId == import.Id && row.Line <= through);
            records.Stage(session, import);
            import = import with { RowsApplied = import.RowsApplied + rows.Count, AppliedThroughLine = through, UpdatedAt = now };
            session.Store(import);
            await session.SaveChangesAsync(cancellationToken);
        }

        return import;
    }

    /// <summary>
    /// Checks a chunk's rows and commits the chunk in one transaction: its rows' events (valid-rows) or its held
    /// rows (all-or-nothing, while no row was rejected), its rejections, the records it wrote and the import's
    /// progress. An all-or-nothing chunk is decided in a session of its own that is never saved, so that every
    /// rule is checked before anything is applied.
    /// </summary>
    private async Task<Import> CommitAsync(
        Import import, Chunk chunk, ImportWriter<TRow> writer, long bytesRead, ActivityContext request, Finish? finish, CancellationToken cancellationToken)
    {
        using var activity = StartChunkActivity(import, request);
        activity?.SetTag("talent.import.rows", chunk.RowsRead);
        await using var session = OpenSession(import);
        var now = services.Time.GetUtcNow();
        var context = new ImportWriteContext(now, import.Tenant, import.Id, cancellationToken);
        var applying = import.Mode == ImportMode.ValidRows;
        var records = new ChunkRecords(applying ? chunk.Accepted.Count : 0);
        var accepted = 0;
        if (chunk.Accepted.Count > 0)
        {
            await using var checking = applying ? null : OpenSession(import);
            var target = checking ?? session;
            await writer.LoadAsync(target, [.. chunk.Accepted.Select(row => row.Row)], cancellationToken);
            foreach (var (row, json) in chunk.Accepted)
            {
                var (refusal, record) = await TryWriteAsync(writer, target, row, context);
                if (refusal is not null)
                {
                    chunk.RejectRow(row.Line, refusal);
                    continue;
                }

                accepted++;
                if (applying)
                {
                    records.Add(row.Line, record);
                }
                else if (import.RowsRejected + chunk.RowsRejected == 0)
                {
                    session.Insert(new HeldImportRow(Guid.CreateVersion7(now), import.Id, row.Line, json!));
                }
            }

            writer.EndChunk(target, context);
        }

        foreach (var (line, field, reason) in chunk.Rejections)
        {
            session.Insert(new ImportRejection(Guid.CreateVersion7(now), import.Id, line, field, reason));
        }

        records.Stage(session, import);
        var rowsAccepted = import.RowsAccepted + accepted;
        import = import with
        {
            RowsRead = import.RowsRead + chunk.RowsRead,
            RowsAccepted = rowsAccepted,
            RowsRejected = import.RowsRejected + chunk.RowsRejected,
            RowsApplied = applying ? rowsAccepted : import.RowsApplied,
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
        }

        if (import.Mode == ImportMode.AllOrNothing && import.RowsRejected > 0)
        {
            // Once a row is rejected nothing will be applied: what was held goes (the rest is still checked, so every bad row is listed).
            session.DeleteWhere<HeldImportRow>(row => row.ImportId == import.Id);
        }

        session.Store(import);
        await session.SaveChangesAsync(cancellationToken);
        return import;
    }

    /// <summary>Writes one row: the problems that refuse it, or (its events staged) the record it wrote.</summary>
    private static async ValueTask<(List<RowProblem>? Refused, string Record)> TryWriteAsync(
        ImportWriter<TRow> writer, IDocumentSession session, ImportRow<TRow> row, ImportWriteContext context)
    {
        try
        {
            var written = await writer.WriteAsync(session, row, context);
            return written.Refused is { IsEmpty: false } refused
                ? ([.. refused.ToDictionary().SelectMany(error => error.Value.Select(reason => new RowProblem(error.Key, reason)))], "")
                : (null, written.Record ?? "");
        }
        catch (ConflictException conflict)
        {
            return ([new RowProblem("row", conflict.Message)], "");
        }
    }

    private async Task<Import> FailWhileApplyingAsync(Import import, long line, List<RowProblem> refusal, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var failing = services.Store.LightweightSession();
        foreach (var problem in refusal)
        {
            failing.Insert(new ImportRejection(Guid.CreateVersion7(now), import.Id, line, RowProblem.Storable(problem.Field), RowProblem.Storable(problem.Reason)));
        }

        import = import with
        {
            State = ImportState.Failed,
            UpdatedAt = now,
            FinishedAt = now,
            RowsRejected = import.RowsRejected + 1,
            Failure = $"Line {line} was refused while applying ({string.Join("; ", refusal.Select(problem => $"{problem.Field}: {problem.Reason}"))}); " +
                $"the state changed since the upload was checked. The {import.RowsApplied} rows before its chunk were applied.",
        };
        failing.Store(import);
        failing.DeleteWhere<HeldImportRow>(held => held.ImportId == import.Id);
        await failing.SaveChangesAsync(cancellationToken);
        return import;
    }

    /// <summary>
    /// The row as the single-record route reads its body (and, for a kind with a route key, the key taken out
    /// of it first), or the fields the JSON reader refused.
    /// </summary>
    private List<RowProblem>? Parse(long line, ReadOnlySpan<byte> json, out ImportRow<TRow>? row)
    {
        row = null;
        Guid? key = null;
        if (kind.RouteKey is { } routeKey)
        {
            switch (RouteKeys.TryTake(json, routeKey.Field, out var found, out var rest))
            {
                case RouteKeys.Found.Key:
                    key = found;
                    json = rest;
                    break;
                case RouteKeys.Found.Missing:
                    return [new RowProblem(routeKey.Field, $"Required: {routeKey.Means}")];
                case RouteKeys.Found.NotAnId:
                    return [new RowProblem(routeKey.Field, $"Not an id (once): {routeKey.Means}")];
                case RouteKeys.Found.NotAnObject:
                    break; // The JSON reader says what is wrong with it below.
            }
        }

        try
        {
            var body = JsonSerializer.Deserialize<TRow>(json, services.Json);
            if (body is null)
            {
                return [new RowProblem("row", "A row is a JSON object.")];
            }

            row = new ImportRow<TRow>(line, body, key);
            return null;
        }
        catch (JsonException exception)
        {
            return [.. ProblemDefaults.FromJsonException(exception).Errors
                .SelectMany(error => error.Value.Select(reason => new RowProblem(error.Key == "body" ? "row" : error.Key, reason)))];
        }
    }

    /// <summary>
    /// The session a chunk writes in: the caller's tenant for tenant-private kinds. Its events carry the chunk's
    /// own trace (a root linked to the upload), so a million rows never make one trace of a million spans, and carry
    /// it unsampled, so their rows are not traced one by one as they are published and applied.
    /// </summary>
    private IDocumentSession OpenSession(Import import)
    {
        var session = kind.TenantPrivate
            ? EventStoreSetup.OpenSession(services.Store, import.Tenant)
            : EventStoreSetup.OpenSession(services.Store);
        TraceContext.StampUnsampled(session);
        return session;
    }

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

    /// <summary>The rows of one chunk as read: those that read as rows (with their JSON, when held), and the reasons for those rejected.</summary>
    private sealed class Chunk(int size)
    {
        public int RowsRead { get; set; }

        public int RowsRejected { get; private set; }

        public List<(ImportRow<TRow> Row, string? Json)> Accepted { get; } = new(size);

        public List<(long Line, string Field, string Reason)> Rejections { get; } = [];

        public void Accept(ImportRow<TRow> row, string? json) => Accepted.Add((row, json));

        public void RejectRow(long line, IEnumerable<RowProblem> problems)
        {
            RowsRejected++;
            foreach (var problem in problems)
            {
                Reject(line, problem.Field, problem.Reason);
            }
        }

        public void Reject(long line, string field, string reason) => Rejections.Add((line, RowProblem.Storable(field), RowProblem.Storable(reason)));
    }
}
