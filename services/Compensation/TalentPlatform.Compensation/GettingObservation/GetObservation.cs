using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Compensation.GettingObservation;

internal sealed class GetObservationEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/compensation/observations/{id:guid}", HandleAsync).WithName("GetObservation").Reads<Observation>().WithSummary("A market pay report exactly as recorded: no conversion, no annualisation.").WithTags(ApiTags.Observations);
    }

    private static async Task<IResult> HandleAsync(Guid id, IQuerySession session, HttpResponse response, CancellationToken cancellationToken) =>
        Snapshots.Answer(await session.LoadAsync<Observation>(id, cancellationToken), observation => observation.Version, () => ObservationCommands.NotFound(id), response);
}
