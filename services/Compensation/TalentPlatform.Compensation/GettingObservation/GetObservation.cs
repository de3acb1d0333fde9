using Marten;

namespace TalentPlatform.Compensation.GettingObservation;

internal static class GetObservationEndpoint
{
    public static IEndpointRouteBuilder MapGetObservation(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/compensation/observations/{id:guid}", HandleAsync).WithName("GetObservation").WithTags(ApiTags.Observations);
        return app;
    }

    private static async Task<IResult> HandleAsync(Guid id, IQuerySession session, HttpResponse response, CancellationToken cancellationToken) =>
        Snapshots.Answer(await session.LoadAsync<Observation>(id, cancellationToken), observation => observation.Version, () => ObservationCommands.NotFound(id), response);
}
