using System.Diagnostics;
using JasperFx;
using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using TalentPlatform.EventStore;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;
using TalentPlatform.Vocabulary;
using TalentPlatform.Vocabulary.Validation;

namespace TalentPlatform.Imports;

/// <summary>A row refused, as the import lists it.</summary>
public sealed record RejectedRow(long Line, string Field, string Reason);

/// <summary>A row applied: the record it created or changed, and where that record is read.</summary>
public sealed record ImportedRecord(long Line, string Id, string Location);

/// <summary>An import as its owner sees it: where it stands, how fast it goes, and a page of the rows it refused.</summary>
/// <param name="ModeMeans">The mode in words, so that an answer says what was and was not applied.</param>
/// <param name="RowsPerSecond">Rows read per second while receiving; rows applied per second while applying; overall once finished.</param>
/// <param name="EtaSeconds">Seconds left at the current rate, when the size is known (an upload with a Content-Length, or held rows); 0 once finished.</param>
/// <param name="Records">Where the records the applied rows wrote are listed, by line (paged).</param>
public sealed record ImportView(
    string Id,
    string Kind,
    ImportMode Mode,
    string ModeMeans,
    ImportFormat Format,
    ImportState State,
    int ChunkRows,
    long RowsRead,
    long RowsAccepted,
    long RowsRejected,
    long RowsApplied,
    long BytesRead,
    long? BytesTotal,
    double RowsPerSecond,
    double? EtaSeconds,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt,
    string? Failure,
    string Records,
    Page<RejectedRow> RejectedRows)
{
    public static ImportView Of(Import import, Page<RejectedRow> rejected, DateTimeOffset now)
    {
        var (rate, eta) = Pace(import, now);
        return new ImportView(
            import.Id,
            import.Kind,
            import.Mode,
            import.Mode == ImportMode.AllOrNothing
                ? "Nothing is applied unless every row is good; the rows are applied once the whole upload has been checked."
                : $"Every good row is applied, in chunks of {import.ChunkRows} rows committed one at a time; each bad row is rejected on its own.",
            import.Format,
            import.State,
            import.ChunkRows,
            import.RowsRead,
            import.RowsAccepted,
            import.RowsRejected,
            import.RowsApplied,
            import.BytesRead,
            import.BytesTotal,
            Math.Round(rate, 1),
            eta is { } seconds ? Math.Round(seconds, 1) : null,
            import.CreatedAt,
            import.UpdatedAt,
            import.FinishedAt,
            import.Failure,
            $"{ImportEndpoints.Path}/{import.Id}/records",
            rejected);
    }

    private static (double Rate, double? Eta) Pace(Import import, DateTimeOffset now)
    {
        switch (import.State)
        {
            case ImportState.Receiving:
            {
                var elapsed = (now - import.CreatedAt).TotalSeconds;
                var rate = elapsed > 0 ? import.RowsRead / elapsed : 0;
                var bytesPerSecond = elapsed > 0 ? import.BytesRead / elapsed : 0;
                double? eta = import.BytesTotal is { } total && bytesPerSecond > 0 ? Math.Max(0, total - import.BytesRead) / bytesPerSecond : null;
                return (rate, eta);
            }

            case ImportState.Applying:
            {
                var elapsed = (now - (import.ApplyingSince ?? now)).TotalSeconds;
                var rate = elapsed > 0 ? import.RowsApplied / elapsed : 0;
                double? eta = rate > 0 ? (import.RowsAccepted - import.RowsApplied) / rate : null;
                return (rate, eta);
            }

            default:
            {
                var elapsed = ((import.FinishedAt ?? import.UpdatedAt) - import.CreatedAt).TotalSeconds;
                return (elapsed > 0 ? import.RowsRead / elapsed : 0, 0);
            }
        }
    }
}

internal static class ImportEndpoints
{
    public const string Path = "/api/imports";
    private const string Ndjson = "application/x-ndjson";
    private const string Csv = "text/csv";

    public static void Map(IEndpointRouteBuilder app, long maxBodyBytes)
    {
        // Who may import depends on the kind: every role may start one, and the kind's roles are checked below.
        app.MapPost(Path, StartAsync).RequireAuthorization(Policies.Importer)
            .WithMetadata(RequestLimits.BodyLimit(maxBodyBytes))
            .WithName("StartImport")
            .WithMetadata(
                new RequestHeader(IdempotencyKeys.Header),
                new QueryText("kind", "What the rows are: deals (analysts); pay-reports (analysts) or payroll (customers, your tenant's own rows); organizations, people, employment or moves (analysts).", Required: true),
                new QueryText("mode", "all-or-nothing (the default: nothing is applied unless every row is good) or valid-rows (good rows applied as they arrive, each bad row rejected on its own).", Required: false, ["all-or-nothing", "valid-rows"])).Starts<ImportView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Import records from a streamed upload (NDJSON: one single-record body per line; CSV: a header naming the same fields, nested ones dotted): 202 with the import's Location.");
        app.MapGet(Path + "/{id}", GetAsync)
            .WithName("GetImport").Answers<ImportView>().Paged().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("An import: its state, rows read, accepted, rejected and applied, rows per second, ETA, and a page of rejected rows (?page=&pageSize=).");
        app.MapGet(Path + "/{id}/records", GetRecordsAsync)
            .WithName("GetImportRecords").Lists<ImportedRecord>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The records an import's applied rows created or changed, by line: each with its id and where it is read (?page=&pageSize=).");
    }

    private static async Task<IResult> StartAsync(
        HttpContext http,
        ImportCatalog catalog,
        ImportApplier applier,
        IDocumentStore store,
        TimeProvider time,
        IOptions<ImportOptions> options,
        IOptions<JsonOptions> json)
    {
        var query = http.Request.Query;
        var errors = new ValidationErrors();
        var kind = query["kind"].Count == 1 ? catalog.Find(query["kind"][0]) : null;
        errors.When(kind is null, "kind", $"One of {string.Join(", ", catalog.Kinds.Select(known => known.Name))}.");
        var mode = query["mode"].Count switch
        {
            0 => ImportMode.AllOrNothing,
            1 when query["mode"][0] == "all-or-nothing" => ImportMode.AllOrNothing,
            1 when query["mode"][0] == "valid-rows" => ImportMode.ValidRows,
            _ => (ImportMode?)null,
        };
        errors.When(mode is null, "mode", "all-or-nothing (the default) or valid-rows.");
        if (!IdempotencyKeys.TryRead(http.Request, out var key))
        {
            return IdempotencyKeys.InvalidKey();
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The import request is not valid.");
        }

        if (!kind!.Roles.Any(http.User.IsInRole))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: $"Your role may not import {kind.Name}.");
        }

        if (kind.TenantPrivate && string.IsNullOrEmpty(http.User.Tenant()))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: $"Only a tenant imports {kind.Name}, into its own data.");
        }

        var format = FormatOf(http.Request.ContentType);
        if (format is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "The upload's Content-Type is not one an import takes.",
                detail: $"Send {Ndjson} (one JSON body per line) or {Csv} (a header row naming the fields).");
        }

        var now = time.GetUtcNow();
        var scope = key is null ? null : IdempotencyKeys.ScopeOf(http, key);
        if (scope is not null && await ReplayAsync(http, store, time, scope, kind, mode!.Value, format.Value) is { } replayed)
        {
            return replayed;
        }

        var import = new Import
        {
            Id = $"{catalog.Owner}-{Guid.CreateVersion7(now):N}",
            Kind = kind.Name,
            Tenant = http.User.Tenant() ?? "",
            Mode = mode!.Value,
            Format = format.Value,
            State = ImportState.Receiving,
            ChunkRows = Math.Clamp(options.Value.ChunkRows, 1, 100_000),
            BytesTotal = http.Request.ContentLength,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using (var session = store.LightweightSession())
        {
            session.Insert(import);
            if (scope is not null)
            {
                session.Insert(new ImportKey(scope, import.Id));
            }

            try
            {
                await session.SaveChangesAsync(http.RequestAborted);
            }
            catch (DocumentAlreadyExistsException exception) when (exception.DocType == typeof(ImportKey))
            {
                // Another upload with this key started first: this one is that import.
                return await ReplayAsync(http, store, time, scope!, kind, mode.Value, format.Value)
                    ?? throw new InvalidOperationException("An import's key collided but its import cannot be read.", exception);
            }
        }

        var services = catalog.Services(http.RequestServices);
        await using UploadReader reader = format == ImportFormat.Ndjson
            ? new NdjsonUploadReader(http.Request.BodyReader)
            : new CsvUploadReader(http.Request.Body, json.Value.SerializerOptions, kind.RowType, kind.RouteKey?.Field);
        try
        {
            import = await catalog.RunnerOf(kind, services).ReceiveAsync(
                new ImportUpload(import, reader, Activity.Current?.Context ?? default),
                http.RequestAborted);
        }
        catch (Exception exception) when (StoppedMidStream(exception, http))
        {
            import = await FailAsync(store, time, import.Id, Why(exception));
            if (exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                throw;
            }

            return http.RequestAborted.IsCancellationRequested
                ? Results.Empty
                : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The upload stopped before its end.", detail: import.Failure);
        }
        catch (Exception)
        {
            await FailAsync(store, time, import.Id, "The import failed on the server; nothing more was read.");
            throw;
        }

        if (import.State == ImportState.Applying)
        {
            applier.Enqueue(import.Id);
        }

        return await AcceptedAsync(http, store, time, import);
    }

    private static Task<IResult> GetAsync(string id, HttpContext http, ImportCatalog catalog, IQuerySession session, TimeProvider time) =>
        WithPageOfImportAsync(id, http, catalog, session, async (import, page, pageSize) => TypedResults.Ok(await ViewAsync(http, session, time, import, page, pageSize)));

    private static Task<IResult> GetRecordsAsync(string id, HttpContext http, ImportCatalog catalog, IQuerySession session) =>
        WithPageOfImportAsync(id, http, catalog, session, (import, page, pageSize) => RecordsAsync(http, catalog, session, import, page, pageSize));

    private static async Task<IResult> RecordsAsync(HttpContext http, ImportCatalog catalog, IQuerySession session, Import import, int page, int pageSize)
    {
        // Each chunk's records are one document: the page is cut from the few documents that cover it.
        var start = (long)(page - 1) * pageSize;
        var end = start + pageSize;
        var chunks = await session.Query<ImportRecords>()
            .Where(records => records.ImportId == import.Id && records.Offset < end && records.End > start)
            .OrderBy(records => records.Offset)
            .ToListAsync(http.RequestAborted);
        var location = catalog.Find(import.Kind)?.Location ?? (record => record);
        var items = chunks
            .SelectMany(records => records.Ids.Select((record, i) => (Position: records.Offset + i, Line: records.Lines[i], Id: record)))
            .Where(record => record.Position >= start && record.Position < end)
            .Select(record => new ImportedRecord(record.Line, record.Id, location(record.Id)))
            .ToList();
        // Every applied row wrote one record.
        return TypedResults.Ok(Paging.Of(http.Request, items, page, pageSize, import.RowsApplied));
    }

    /// <summary>Answers a paged read of one of the caller's imports: a 400 for bad paging, a 404 for no such import, else <paramref name="answer"/>.</summary>
    private static async Task<IResult> WithPageOfImportAsync(string id, HttpContext http, ImportCatalog catalog, IQuerySession session, Func<Import, int, int, Task<IResult>> answer)
    {
        var errors = new ValidationErrors();
        var (page, pageSize) = Paging.Read(http.Request, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The paging is not valid.");
        }

        return await FindAsync(id, http, catalog, session) is { } import ? await answer(import, page, pageSize) : NoSuchImport(id);
    }

    /// <summary>The caller's own import; another tenant's is as unknown as one that never was.</summary>
    private static async Task<Import?> FindAsync(string id, HttpContext http, ImportCatalog catalog, IQuerySession session) =>
        id.StartsWith(catalog.Owner + "-", StringComparison.Ordinal)
        && await session.LoadAsync<Import>(id, http.RequestAborted) is { } import
        && import.Tenant == (http.User.Tenant() ?? "")
            ? import
            : null;

    private static IResult NoSuchImport(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such import.", detail: $"No import of yours has the id {id}.");

    private static async Task<IResult?> ReplayAsync(
        HttpContext http,
        IDocumentStore store,
        TimeProvider time,
        string scope,
        IImportKind kind,
        ImportMode mode,
        ImportFormat format)
    {
        await using var session = store.QuerySession();
        if (await session.LoadAsync<ImportKey>(scope, http.RequestAborted) is not { } found
            || await session.LoadAsync<Import>(found.ImportId, http.RequestAborted) is not { } import)
        {
            return null;
        }

        if (import.Kind != kind.Name || import.Mode != mode || import.Format != format)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The Idempotency-Key was already used for a different import.",
                detail: $"It started import {import.Id} ({import.Kind}, {WireNames.Of(import.Mode)}, {WireNames.Of(import.Format)}). Send a new key for a new import.");
        }

        http.Response.Headers[IdempotencyKeys.ReplayedHeader] = "true";
        return await AcceptedAsync(http, store, time, import);
    }

    private static async Task<IResult> AcceptedAsync(HttpContext http, IDocumentStore store, TimeProvider time, Import import)
    {
        await using var session = store.QuerySession();
        var view = await ViewAsync(http, session, time, import, 1, Paging.DefaultPageSize);
        return TypedResults.Accepted($"{Path}/{import.Id}", view);
    }

    private static async Task<ImportView> ViewAsync(HttpContext http, IQuerySession session, TimeProvider time, Import import, int page, int pageSize)
    {
        var rejected = await session.Query<ImportRejection>()
            .Where(rejection => rejection.ImportId == import.Id)
            .OrderBy(rejection => rejection.Line)
            .ThenBy(rejection => rejection.Field)
            .ToPagedListAsync(page, pageSize, http.RequestAborted);
        var rows = rejected.Select(rejection => new RejectedRow(rejection.Line, rejection.Field, rejection.Reason)).ToList();
        var paged = Paging.Of(http.Request, rows, page, pageSize, rejected.TotalItemCount);
        if (!HttpMethods.IsGet(http.Request.Method))
        {
            // The answer to the upload pages on at the import's own address.
            paged = paged with { NextPage = paged.NextPage is null ? null : $"{Path}/{import.Id}?page={page + 1}&pageSize={pageSize}" };
        }

        return ImportView.Of(import, paged, time.GetUtcNow());
    }

    private static async Task<Import> FailAsync(IDocumentStore store, TimeProvider time, string id, string why)
    {
        // The request may be gone; this bookkeeping is not.
        await using var session = store.LightweightSession();
        var import = await session.LoadAsync<Import>(id) ?? throw new InvalidOperationException($"Import {id} vanished.");
        var now = time.GetUtcNow();
        import = import with { State = ImportState.Failed, Failure = why, UpdatedAt = now, FinishedAt = now };
        session.Store(import);
        session.DeleteWhere<HeldImportRow>(row => row.ImportId == id);
        await session.SaveChangesAsync();
        return import;
    }

    /// <summary>The upload broke off: the client went away, the body grew too large, or it was cut short.</summary>
    private static bool StoppedMidStream(Exception exception, HttpContext http) =>
        exception is BadHttpRequestException or IOException or ConnectionResetException or CsvHelper.CsvFormatException
        || (exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested);

    private static string Why(Exception exception) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            "The upload grew larger than the import limit; the chunks committed before it were kept only in valid-rows mode.",
        CsvHelper.CsvFormatException => $"The CSV could not be read on (a record longer than {UploadReader.MaxRowBytes} bytes, or a quote never closed).",
        _ => "The upload stopped before its end; in all-or-nothing mode nothing was applied, in valid-rows mode the chunks committed before it were kept.",
    };

    private static ImportFormat? FormatOf(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
            ? media.MediaType.Value?.ToLowerInvariant() switch
            {
                Ndjson or "application/jsonl" => ImportFormat.Ndjson,
                Csv => ImportFormat.Csv,
                _ => null,
            }
            : null;
}
