
namespace TalentPlatform.Compensation;

/// <summary>The shared command path (<see cref="StreamCommands{TState}"/>) for observations, which answer with their state.</summary>
internal static class ObservationCommands
{
    public static readonly StreamCommands<Observation> Run = new(
        Observation.Fold,
        (observation, version) => observation with { Version = version },
        observation => $"/api/compensation/observations/{observation.Id}",
        NotFound);

    public static IResult NotFound(Guid observationId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such observation.", detail: $"No observation has the id {observationId}.");
}
