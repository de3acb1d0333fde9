namespace TalentPlatform.Imports;

/// <summary>What a kind's writer is given besides the row: the clock of its chunk, who imports, and the request's fate.</summary>
public sealed record ImportWriteContext(DateTimeOffset Now, string Tenant, string ImportId, CancellationToken CancellationToken);

/// <summary>
/// A kind of record a service takes in imports (<c>POST /api/imports?kind=deals</c>): each row is exactly the
/// body of the matching single-record POST (<typeparamref name="TRow"/>), read with the same JSON rules, then
/// checked and decided by the same code as that route (<see cref="ImportWriter{TRow}"/>).
/// </summary>
/// <param name="Name">The <c>kind</c> query value, such as <c>deals</c> or <c>pay-reports</c>.</param>
/// <param name="Roles">The roles that may import it (checked again here, behind the gateway's route policy).</param>
/// <param name="Writer">
/// A writer for one pass over an import's rows (it may remember what the rows before did: an organization
/// registered at line 3 is a parent at line 9).
/// </param>
/// <param name="Location">Where the record a row wrote is read, given its id (<c>/api/deals/{id}</c>).</param>
/// <param name="TenantPrivate">Rows are the caller's tenant's own (payroll): written under that tenant, never market data.</param>
/// <param name="RouteKey">
/// The route parameter of the single-record POST a row also names, as a field of its own: <c>personId</c> for
/// <c>POST /api/people/{personId}/moves</c>. Null when the route has none.
/// </param>
public sealed record ImportKind<TRow>(
    string Name,
    IReadOnlyList<string> Roles,
    Func<ImportWriter<TRow>> Writer,
    Func<string, string> Location,
    bool TenantPrivate = false,
    ImportRouteKey? RouteKey = null) : IImportKind
    where TRow : class
{
    public Type RowType => typeof(TRow);

    ImportRunner IImportKind.Runner(ImportServices services) => new ImportRunner<TRow>(this, services);
}

/// <summary>A route parameter a row carries as a field (<c>personId</c>), and what it names, for the reason given when it is missing.</summary>
public sealed record ImportRouteKey(string Field, string Means);

/// <summary>A kind, whatever its row type.</summary>
public interface IImportKind
{
    string Name { get; }

    IReadOnlyList<string> Roles { get; }

    bool TenantPrivate { get; }

    ImportRouteKey? RouteKey { get; }

    Type RowType { get; }

    Func<string, string> Location { get; }

    internal ImportRunner Runner(ImportServices services);
}
