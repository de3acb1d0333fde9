using TalentPlatform.Imports;
using TalentPlatform.People.RegisteringOrganization;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.People.Importing;

/// <summary>
/// <c>POST /api/imports?kind=organizations</c>: each row is the body of <c>POST /api/organizations</c>, checked by
/// the same rules and registered by the same decision. A parent may be registered by an earlier row.
/// </summary>
internal sealed class ImportOrganizations : ImportWriter<RegisterOrganizationRequest>
{
    public static ImportKind<RegisterOrganizationRequest> Kind { get; } = new(
        "organizations",
        [Roles.Analyst, Roles.Admin],
        () => new ImportOrganizations(),
        slug => $"/api/organizations/{slug}");

    private readonly ImportedOrganizations _organizations = new();

    public override Task LoadAsync(IQuerySession session, IReadOnlyList<ImportRow<RegisterOrganizationRequest>> rows, CancellationToken cancellationToken) =>
        _organizations.LoadAsync(session, rows.SelectMany(row => new[] { row.Body.Slug, row.Body.Parent }), cancellationToken);

    public override async ValueTask<ImportWrite> WriteAsync(IDocumentSession session, ImportRow<RegisterOrganizationRequest> row, ImportWriteContext context)
    {
        var errors = await RegisterOrganizationEndpoint.ValidateAsync(row.Body, _organizations, context.CancellationToken);
        if (!errors.IsEmpty)
        {
            return ImportWrite.Refuse(errors);
        }

        var command = RegisterOrganizationEndpoint.Command(row.Body, context.Now);
        var events = RegisterOrganizationDecision.Decide(await _organizations.FindAsync(command.Slug, context.CancellationToken), command);
        session.Events.StartStream<Organization>(OrganizationIds.For(command.Slug), events);
        _organizations.Registered(events.Aggregate((Organization?)null, Organization.Fold)!);
        return ImportWrite.Written(command.Slug);
    }
}
