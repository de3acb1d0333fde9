using TalentPlatform.Compensation.Observing;
using TalentPlatform.Imports;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Compensation.Importing;

/// <summary>
/// <c>POST /api/imports?kind=pay-reports</c>: each row is a market pay report as <c>POST /api/compensation/observations</c>
/// takes it, checked by the same rules and recorded by the same decision.
/// </summary>
internal static class ImportPayReports
{
    public static ImportKind<ObserveCompensationRequest> Kind { get; } = new(
        "pay-reports",
        [Roles.Analyst, Roles.Admin],
        ImportWriter.Of<ObserveCompensationRequest>((session, row, context) =>
            ObserveCompensationEndpoint.Validate(new ValidationErrors(), row, context.Now) is { IsEmpty: false } invalid
                ? ImportWrite.Refuse(invalid)
                : ImportWrite.Written(ObserveCompensationEndpoint.Observe(session, row, context.Now).Observation.Id)),
        id => $"/api/compensation/observations/{id}");
}
