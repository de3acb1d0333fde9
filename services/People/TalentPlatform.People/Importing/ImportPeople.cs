using TalentPlatform.Imports;
using TalentPlatform.People.RegisteringPerson;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.People.Importing;

/// <summary>
/// <c>POST /api/imports?kind=people</c>: each row is the body of <c>POST /api/people</c>, checked and registered
/// alike. Each row's new id is listed at the import's <c>records</c>, for the employment and moves that follow.
/// </summary>
internal static class ImportPeople
{
    public static ImportKind<RegisterPersonRequest> Kind { get; } = new(
        "people",
        [Roles.Analyst, Roles.Admin],
        ImportWriter.Of<RegisterPersonRequest>((session, row, context) =>
            RegisterPersonEndpoint.Validate(row) is { IsEmpty: false } invalid
                ? ImportWrite.Refuse(invalid)
                : ImportWrite.Written(RegisterPersonEndpoint.Register(session, row, context.Now).Id)),
        id => $"/api/people/{id}");
}
