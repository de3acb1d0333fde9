using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.People.GettingGroupMove;

internal sealed class GetGroupMoveEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/talent-moves/{id:guid}", HandleAsync)
            .WithTags(GroupMoveCommands.Tag)
            .WithName("GetGroupMove").Reads<GroupMoveView>().WithSummary("A group move: how many people moved together from one organization to another (and whether the count is a minimum), with its source.");
    }

    private static async Task<IResult> HandleAsync(Guid id, IQuerySession session, HttpResponse response, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<GroupMove>(id, cancellationToken) is not { } move)
        {
            return GroupMoveCommands.NotFound(id);
        }

        response.SetETag(move.Version);
        return TypedResults.Ok(GroupMoveView.Of(move, move.Version));
    }
}
