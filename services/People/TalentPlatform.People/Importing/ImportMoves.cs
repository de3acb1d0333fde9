using TalentPlatform.Imports;
using TalentPlatform.People.Moving;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.People.Importing;

/// <summary>
/// <c>POST /api/imports?kind=moves</c>: each row is the body of <c>POST /api/people/{personId}/moves</c> with the
/// route's <c>personId</c> as one more field, checked by the same rules and decided by the same decision on the
/// person as the rows before it left them (a person may move twice in one file).
/// </summary>
internal sealed class ImportMoves : ImportWriter<MovePersonRequest>
{
    public static ImportKind<MovePersonRequest> Kind { get; } = new(
        "moves",
        [Roles.Analyst, Roles.Admin],
        () => new ImportMoves(),
        id => $"/api/people/{id}",
        RouteKey: ImportEmployment.PersonKey);

    private readonly ImportedOrganizations _organizations = new();
    private readonly ImportedPeople _people = new();

    public override async Task LoadAsync(IQuerySession session, IReadOnlyList<ImportRow<MovePersonRequest>> rows, CancellationToken cancellationToken)
    {
        await _organizations.LoadAsync(session, rows.SelectMany(row => new[] { row.Body.From, row.Body.To }), cancellationToken);
        await _people.LoadAsync(session, rows.Select(row => row.Key!.Value), cancellationToken);
    }

    public override async ValueTask<ImportWrite> WriteAsync(IDocumentSession session, ImportRow<MovePersonRequest> row, ImportWriteContext context)
    {
        var errors = await MovePersonEndpoint.ValidateAsync(row.Body, context.Now, _organizations, context.CancellationToken);
        var person = _people.Find(row.Key!.Value);
        errors.When(person is null, ImportEmployment.PersonKey.Field, $"No person has the id {row.Key}.");
        if (!errors.IsEmpty)
        {
            return ImportWrite.Refuse(errors);
        }

        _people.Append(session, person!, MovePersonDecision.Decide(person!, MovePersonEndpoint.Command(row.Body, context.Now)));
        return ImportWrite.Written(person!.Id);
    }
}
