namespace TalentPlatform.Imports;

/// <summary>What happens to the good rows of an upload that also holds bad ones.</summary>
public enum ImportMode
{
    /// <summary>Nothing is applied unless every row is good; a bad row fails the import, listing every bad row.</summary>
    AllOrNothing,

    /// <summary>Every good row is applied, in chunks committed one at a time; each bad row is rejected on its own.</summary>
    ValidRows,
}

public enum ImportState
{
    /// <summary>The upload is still arriving; rows are read, checked and (valid-rows) applied as they come.</summary>
    Receiving,

    /// <summary>All-or-nothing: the whole upload was good and its rows are being applied.</summary>
    Applying,

    Completed,
    Failed,
}

public enum ImportFormat
{
    Ndjson,
    Csv,
}

/// <summary>
/// One import, stored by the service that owns its records. Its id names that service
/// (<c>deals-…</c>), so the gateway routes <c>GET /api/imports/{id}</c> without asking anyone.
/// Only the tenant that started it sees it.
/// </summary>
public sealed record Import
{
    public required string Id { get; init; }

    public required string Kind { get; init; }

    public required string Tenant { get; init; }

    public required ImportMode Mode { get; init; }

    public required ImportFormat Format { get; init; }

    public required ImportState State { get; init; }

    /// <summary>Rows committed together: in valid-rows mode a chunk is applied whole or not at all.</summary>
    public required int ChunkRows { get; init; }

    public long RowsRead { get; init; }

    /// <summary>Rows that passed every rule (all-or-nothing: held until the whole upload is known good).</summary>
    public long RowsAccepted { get; init; }

    public long RowsRejected { get; init; }

    /// <summary>Rows whose records are written (all-or-nothing: after the upload, while applying).</summary>
    public long RowsApplied { get; init; }

    public long BytesRead { get; init; }

    /// <summary>The upload's Content-Length, when it announced one.</summary>
    public long? BytesTotal { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? ApplyingSince { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Why the import failed, when it did.</summary>
    public string? Failure { get; init; }

    /// <summary>The last line applied from the held rows, so an interrupted apply resumes after it.</summary>
    public long AppliedThroughLine { get; init; }
}

/// <summary>One reason one row was refused: its line in the upload (the CSV header is line 1), the field and why.</summary>
public sealed record ImportRejection(Guid Id, string ImportId, long Line, string Field, string Reason);

/// <summary>An all-or-nothing row held, as the JSON of its single-record body, until the whole upload is known good.</summary>
public sealed record HeldImportRow(Guid Id, string ImportId, long Line, string Json);

/// <summary>An Idempotency-Key and the import it started: the same key finds the same import, even while it runs.</summary>
public sealed record ImportKey(string Id, string ImportId);

/// <summary>
/// The records one chunk wrote, in line order: the id of the record each of its rows created or changed.
/// <see cref="Offset"/> records of the import come before them (they are listed as one sequence, paged).
/// </summary>
public sealed record ImportRecords(string Id, string ImportId, long Offset, long End, long[] Lines, string[] Ids);
