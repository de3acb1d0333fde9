using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Compensation.GettingSubmission;

internal sealed class GetSubmissionEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/compensation/submissions/{id:guid}", HandleAsync).RequireAuthorization(Policies.TenantData).WithName("GetSubmission").Reads<Submission>().WithSummary("One of your tenant's pay rows; another tenant's id is a 404.").WithTags(ApiTags.Submissions);
    }

    private static async Task<IResult> HandleAsync(Guid id, IDocumentStore store, HttpContext http)
    {
        if (SubmissionCommands.CallerTenant(http) is not { } tenant)
        {
            return SubmissionCommands.Forbidden();
        }

        await using var session = store.QuerySession(tenant);
        return Snapshots.Answer(await session.LoadAsync<Submission>(id, http.RequestAborted), submission => submission.Version, () => SubmissionCommands.NotFound(id), http.Response);
    }
}
