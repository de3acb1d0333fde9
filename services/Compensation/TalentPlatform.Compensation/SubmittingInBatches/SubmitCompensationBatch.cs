using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using TalentPlatform.Compensation.Submitting;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Compensation.SubmittingInBatches;

/// <summary>Each row is a row as <c>POST /api/compensation/submissions</c> takes it, validated and decided alike.</summary>
internal sealed class SubmitCompensationBatchEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/compensation/submissions/batch", HandleAsync).RequireAuthorization(Policies.TenantData).WithIdempotencyKeys().AcceptsBatchBodies().WithName("SubmitCompensationBatch").Answers<BatchCreated>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status413PayloadTooLarge).WithTags(ApiTags.Submissions)
            .WithSummary($"Submit up to {BatchRows.MaxRows} rows, all or nothing: one bad row rejects the batch with every bad row listed.");
    }

    private static async Task<IResult> HandleAsync(BatchRequest request, IDocumentStore store, TimeProvider time, IOptions<JsonOptions> json, HttpContext http)
    {
        if (SubmissionCommands.CallerTenant(http) is not { } tenant)
        {
            return SubmissionCommands.Forbidden();
        }

        var now = time.GetUtcNow();
        var (rows, invalid) = BatchRows.Read<SubmitCompensationRequest>(request, json.Value.SerializerOptions, (row, errors) => SubmitCompensationEndpoint.Validate(errors, row, now));
        if (invalid is not null)
        {
            return invalid;
        }

        await using var session = EventStoreSetup.OpenSession(store, tenant);
        return await BatchRows.WriteAsync<Submission>(session, http, rows
            .Select(row => new SubmitCompensation(Guid.CreateVersion7(now), row, now))
            .Select(command => (command.SubmissionId, SubmitCompensationDecision.Decide(null, command))));
    }
}
