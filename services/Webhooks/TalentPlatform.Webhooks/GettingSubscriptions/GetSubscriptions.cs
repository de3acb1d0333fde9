using Marten.Pagination;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;

namespace TalentPlatform.Webhooks.GettingSubscriptions;

internal sealed class GetSubscriptionEndpoints : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/webhooks", ListAsync).RequireAuthorization(Policies.Subscriber)
            .WithName("ListSubscriptions").Lists<SubscriptionView>()
            .WithSummary("The tenant's webhook subscriptions, newest first; paged.");
        app.MapGet("/api/webhooks/{id:guid}", GetAsync).RequireAuthorization(Policies.Subscriber)
            .WithName("GetSubscription").Produces<SubscriptionView>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One of the tenant's webhook subscriptions, with its status and why it is paused.");
    }

    public static void Configure(StoreOptions options) => Subscriptions.Configure(options);

    private static async Task<IResult> ListAsync(IQuerySession session, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (page, pageSize) = Paging.Read(http.Request, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The paging is not valid.");
        }

        var tenant = Subscriptions.Tenant(http);
        var found = await session.Query<Subscription>()
            .Where(subscription => subscription.Tenant == tenant)
            .OrderByDescending(subscription => subscription.CreatedAt)
            .ThenBy(subscription => subscription.Id)
            .ToPagedListAsync(page, pageSize, cancellationToken);
        return TypedResults.Ok(Paging.Of(http.Request, [.. found.Select(SubscriptionView.From)], page, pageSize, found.TotalItemCount));
    }

    private static async Task<IResult> GetAsync(Guid id, IQuerySession session, HttpContext http, CancellationToken cancellationToken) =>
        await Subscriptions.LoadOwnAsync(session, id, http, cancellationToken) is { } subscription
            ? TypedResults.Ok(SubscriptionView.From(subscription))
            : Subscriptions.NotFound(id);
}
