using Marten;
using TalentPlatform.Vocabulary.Validation;

namespace TalentPlatform.Imports;

/// <summary>What a kind's writer is given besides the row: the clock of its chunk and who imports.</summary>
public sealed record ImportWriteContext(DateTimeOffset Now, string Tenant, string ImportId);

/// <summary>
/// A kind of record a service takes in imports (<c>POST /api/imports?kind=deals</c>): each row is exactly the
/// body of the matching single-record POST (<typeparamref name="TRow"/>), read with the same JSON rules and
/// checked by the same <see cref="Validate"/> that route uses, then staged in a session by <see cref="WriteAsync"/>.
/// </summary>
/// <param name="Name">The <c>kind</c> query value, such as <c>deals</c> or <c>pay-reports</c>.</param>
/// <param name="Roles">The roles that may import it (checked again here, behind the gateway's route policy).</param>
/// <param name="Validate">The single-record route's own validation, given the clock.</param>
/// <param name="WriteAsync">
/// Appends the row's events to the session (the chunk commits them together). It decides before it stages
/// anything: a <see cref="TalentPlatform.Vocabulary.ConflictException"/> thrown for a row rejects that row alone.
/// </param>
/// <param name="TenantPrivate">Rows are the caller's tenant's own (payroll): written under that tenant, never market data.</param>
public sealed record ImportKind<TRow>(
    string Name,
    IReadOnlyList<string> Roles,
    Func<TRow, DateTimeOffset, ValidationErrors> Validate,
    Func<IDocumentSession, TRow, ImportWriteContext, ValueTask> WriteAsync,
    bool TenantPrivate = false) : IImportKind
    where TRow : class
{
    public Type RowType => typeof(TRow);

    ImportRunner IImportKind.Runner(ImportServices services) => new ImportRunner<TRow>(this, services);
}

/// <summary>A kind, whatever its row type.</summary>
public interface IImportKind
{
    string Name { get; }

    IReadOnlyList<string> Roles { get; }

    bool TenantPrivate { get; }

    Type RowType { get; }

    internal ImportRunner Runner(ImportServices services);
}
