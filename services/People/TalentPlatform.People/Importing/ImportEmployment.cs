using TalentPlatform.Imports;
using TalentPlatform.People.RecordingEmployment;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.People.Importing;

/// <summary>
/// <c>POST /api/imports?kind=employment</c>: each row is the body of <c>POST /api/people/{personId}/employment</c>
/// with the route's <c>personId</c> as one more field, checked by the same rules and decided by the same decision
/// on the person as the rows before it left them.
/// </summary>
internal sealed class ImportEmployment : ImportWriter<RecordEmploymentRequest>
{
    /// <summary>Before <see cref="Kind"/>, which takes it: static members are made in the order they are written.</summary>
    public static readonly ImportRouteKey PersonKey = new("personId", "the id of a registered person (the {id} of /api/people/{id}).");

    public static ImportKind<RecordEmploymentRequest> Kind { get; } = new(
        "employment",
        [Roles.Analyst, Roles.Admin],
        () => new ImportEmployment(),
        id => $"/api/people/{id}",
        RouteKey: PersonKey);

    private readonly ImportedOrganizations _organizations = new();
    private readonly ImportedPeople _people = new();

    public override async Task LoadAsync(IQuerySession session, IReadOnlyList<ImportRow<RecordEmploymentRequest>> rows, CancellationToken cancellationToken)
    {
        await _organizations.LoadAsync(session, rows.Select(row => row.Body.Organization), cancellationToken);
        await _people.LoadAsync(session, rows.Select(row => row.Key!.Value), cancellationToken);
    }

    public override async ValueTask<ImportWrite> WriteAsync(IDocumentSession session, ImportRow<RecordEmploymentRequest> row, ImportWriteContext context)
    {
        var errors = await RecordEmploymentEndpoint.ValidateAsync(row.Body, context.Now, _organizations, context.CancellationToken);
        var person = _people.Find(row.Key!.Value);
        errors.When(person is null, PersonKey.Field, $"No person has the id {row.Key}.");
        if (!errors.IsEmpty)
        {
            return ImportWrite.Refuse(errors);
        }

        _people.Append(session, person!, RecordEmploymentDecision.Decide(person!, RecordEmploymentEndpoint.Command(row.Body, context.Now)));
        return ImportWrite.Written(person!.Id);
    }
}
