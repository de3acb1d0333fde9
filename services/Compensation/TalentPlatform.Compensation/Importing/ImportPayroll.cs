using TalentPlatform.Compensation.Submitting;
using TalentPlatform.Imports;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Compensation.Importing;

/// <summary>
/// <c>POST /api/imports?kind=payroll</c>: a customer's payroll export, each row as <c>POST /api/compensation/submissions</c>
/// takes it, checked and submitted alike — under the customer's own tenant, as private as a row submitted alone.
/// The import itself, its rejected rows and its records are shown to that tenant only.
/// </summary>
internal static class ImportPayroll
{
    public static ImportKind<SubmitCompensationRequest> Kind { get; } = new(
        "payroll",
        [Roles.Customer],
        ImportWriter.Of<SubmitCompensationRequest>((session, row, context) =>
            SubmitCompensationEndpoint.Validate(new ValidationErrors(), row, context.Now) is { IsEmpty: false } invalid
                ? ImportWrite.Refuse(invalid)
                : ImportWrite.Written(SubmitCompensationEndpoint.Submit(session, row, context.Now).Submission.Id)),
        id => $"/api/compensation/submissions/{id}",
        TenantPrivate: true);
}
