using Marten.Pagination;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Compensation.ListingSubmissions;

internal sealed class ListSubmissionsEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/compensation/submissions", HandleAsync).RequireAuthorization(Policies.TenantData).WithName("ListSubmissions").Lists<Submission>().WithTags(ApiTags.Submissions).WithSummary("Your tenant's rows, latest first; paged.");
    }

    /// <summary>Each tenant's rows sit under that tenant (events are conjoined, so their snapshots are too).</summary>
    public static void Configure(StoreOptions options) => options.Schema.For<Submission>().MultiTenanted();

    private static async Task<IResult> HandleAsync(IDocumentStore store, HttpContext http)
    {
        if (SubmissionCommands.CallerTenant(http) is not { } tenant)
        {
            return SubmissionCommands.Forbidden();
        }

        var errors = new ValidationErrors();
        var (page, pageSize) = Paging.Read(http.Request, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The paging is not valid.");
        }

        await using var session = store.QuerySession(tenant);
        var found = await session.Query<Submission>()
            .OrderByDescending(submission => submission.RecordedAt).ThenBy(submission => submission.Id)
            .ToPagedListAsync(page, pageSize, http.RequestAborted);
        return TypedResults.Ok(Paging.Of(http.Request, [.. found], page, pageSize, found.TotalItemCount));
    }
}
