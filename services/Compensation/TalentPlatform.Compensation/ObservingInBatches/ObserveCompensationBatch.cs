using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using TalentPlatform.Compensation.Observing;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Compensation.ObservingInBatches;

/// <summary>
/// Each row is a report as <c>POST /api/compensation/observations</c> takes it, validated and decided alike; the rows are
/// recorded together (<see cref="ObservationsInBulk"/>).
/// </summary>
internal sealed class ObserveCompensationBatchEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/compensation/observations/batch", HandleAsync).RequireAuthorization(Policies.MarketWriter).WithIdempotencyKeys().AcceptsBatchBodies().WithName("ObserveCompensationBatch").Answers<BatchCreated>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status413PayloadTooLarge).WithTags(ApiTags.Observations)
            .WithSummary($"Record up to {BatchRows.MaxRows} market pay reports at once, all or nothing: one bad row rejects the batch with every bad row listed.");
    }

    private static async Task<IResult> HandleAsync(BatchRequest request, IDocumentSession session, TimeProvider time, IOptions<JsonOptions> json, HttpContext http)
    {
        var now = time.GetUtcNow();
        var (rows, invalid) = BatchRows.Read<ObserveCompensationRequest>(request, json.Value.SerializerOptions, (row, errors) => ObserveCompensationEndpoint.Validate(errors, row, now));
        if (invalid is not null)
        {
            return invalid;
        }

        var observations = ObservationsInBulk.Stage(session, [.. rows.Select(row => ObserveCompensationDecision.Observed(row, now))], importId: null);
        return await BatchRows.CommitAsync(session, http, [.. observations.Select(observation => observation.Id)]);
    }
}
