using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Compensation;

/// <summary>
/// The shared command path (<see cref="StreamCommands{TState}"/>) for submissions, which answer with their
/// state, and who may reach them: a customer, within its own tenant.
/// </summary>
internal static class SubmissionCommands
{
    private const string CustomerRole = "customer";

    public static readonly StreamCommands<Submission> Run = new(
        Submission.Fold,
        (submission, version) => submission with { Version = version },
        submission => $"/api/compensation/submissions/{submission.Id}",
        NotFound);

    /// <summary>Another tenant's row is as unknown as one that never existed.</summary>
    public static IResult NotFound(Guid submissionId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such submission.", detail: $"Your tenant has no submission {submissionId}.");

    /// <summary>The caller's tenant, for callers whose role submits tenant data (customers); null otherwise.</summary>
    public static string? CallerTenant(HttpContext http) =>
        http.User.IsInRole(CustomerRole) && http.User.Tenant() is { Length: > 0 } tenant ? tenant : null;

    public static IResult Forbidden() => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "Only a customer submits and reads its own pay data.");
}
