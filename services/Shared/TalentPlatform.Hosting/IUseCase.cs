using Marten;
using Microsoft.AspNetCore.Routing;

namespace TalentPlatform.Hosting;

/// <summary>
/// One use case of a service: its endpoint, and what it needs from the event store (an index, a
/// duplicated column). A host registers it with one line, <see cref="PlatformService.UseCase{T}"/>.
/// </summary>
public interface IUseCase
{
    static abstract void Map(IEndpointRouteBuilder app);

    static virtual void Configure(StoreOptions options)
    {
    }
}
