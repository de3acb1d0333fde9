using Marten;
using TalentPlatform.Vocabulary.Validation;

namespace TalentPlatform.Imports;

/// <summary>One row of an upload as its kind reads it: its line, its body, and the route parameter it names (if its kind has one).</summary>
public sealed record ImportRow<TRow>(long Line, TRow Body, Guid? Key = null)
    where TRow : class;

/// <summary>
/// What became of a row: the record it wrote (by the id its route names it with: a Guid, or an organization's
/// slug), or the fields that refuse it (nothing is staged then).
/// </summary>
public readonly record struct ImportWrite(string? Record, ValidationErrors? Refused)
{
    public static ImportWrite Written(Guid record) => new(record.ToString(), null);

    public static ImportWrite Written(string record) => new(record, null);

    public static ImportWrite Refuse(ValidationErrors errors) => new(null, errors);
}

/// <summary>
/// Writes one kind's rows: the single-record route's own checks and decision, then its events staged in the
/// chunk's session (committed with the chunk). A writer lives for one pass over an import: it may remember
/// what the rows before did, so that a row can rely on an earlier one before either is committed.
/// <para>
/// The same pass checks an all-or-nothing upload before anything is applied: the events are then staged in a
/// session that is never saved, and the rows are applied by a second writer once the whole upload is good.
/// </para>
/// </summary>
public abstract class ImportWriter<TRow>
    where TRow : class
{
    /// <summary>
    /// Reads, in one go, what the chunk's rows need from the store (the records they name), before any of them
    /// is written: one query per chunk rather than one per row.
    /// </summary>
    public virtual Task LoadAsync(IQuerySession session, IReadOnlyList<ImportRow<TRow>> rows, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Checks the row and decides on it against the records as they stand with every earlier row of this pass
    /// applied, and stages its events in <paramref name="session"/>. A
    /// <see cref="TalentPlatform.Vocabulary.ConflictException"/> from the decision refuses this row alone.
    /// </summary>
    public abstract ValueTask<ImportWrite> WriteAsync(IDocumentSession session, ImportRow<TRow> row, ImportWriteContext context);

    /// <summary>
    /// Called once every row of a chunk was written, in the same session, before it commits (or, checking an
    /// all-or-nothing upload, is dropped): a kind that records its rows together (one event for the chunk's rows)
    /// stages that here, and forgets them for the next chunk.
    /// </summary>
    public virtual void EndChunk(IDocumentSession session, ImportWriteContext context)
    {
    }
}

public static class ImportWriter
{
    /// <summary>A writer that needs nothing but the row (each row starts a stream of its own).</summary>
    public static Func<ImportWriter<TRow>> Of<TRow>(Func<IDocumentSession, TRow, ImportWriteContext, ImportWrite> write)
        where TRow : class
    {
        var writer = new Stateless<TRow>(write);
        return () => writer;
    }

    private sealed class Stateless<TRow>(Func<IDocumentSession, TRow, ImportWriteContext, ImportWrite> write) : ImportWriter<TRow>
        where TRow : class
    {
        public override ValueTask<ImportWrite> WriteAsync(IDocumentSession session, ImportRow<TRow> row, ImportWriteContext context) =>
            ValueTask.FromResult(write(session, row.Body, context));
    }
}
