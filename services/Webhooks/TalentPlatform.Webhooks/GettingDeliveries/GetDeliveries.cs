using Marten.Pagination;
using TalentPlatform.ServiceDefaults;
using TalentPlatform.ServiceDefaults.Security;
using TalentPlatform.Webhooks.Delivering;

namespace TalentPlatform.Webhooks.GettingDeliveries;

internal sealed class GetDeliveriesEndpoints : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/webhooks/{id:guid}/deliveries", ListAsync).RequireAuthorization(Policies.Subscriber)
            .WithName("ListDeliveries").Lists<DeliveryView>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The subscription's delivery log, newest first, filtered by status (pending, delivered, failed); paged.");
        app.MapGet("/api/webhooks/{id:guid}/deliveries/{deliveryId}", GetAsync).RequireAuthorization(Policies.Subscriber)
            .WithName("GetDelivery").Produces<DeliveryView>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One delivery (its id is the webhook-id header) with every attempt.");
    }

    public static void Configure(StoreOptions options) => Delivery.Configure(options);

    private static async Task<IResult> ListAsync(Guid id, string? status, IQuerySession session, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        DeliveryStatus? wanted = null;
        if (status is not null)
        {
            if (Enum.TryParse<DeliveryStatus>(status, ignoreCase: true, out var parsed) && status.All(char.IsLower))
            {
                wanted = parsed;
            }
            else
            {
                errors.Add("status", "One of pending, delivered, failed.");
            }
        }

        var (page, pageSize) = Paging.Read(http.Request, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The delivery filters are not valid.");
        }

        if (await Subscriptions.LoadOwnAsync(session, id, http, cancellationToken) is null)
        {
            return Subscriptions.NotFound(id);
        }

        var deliveries = session.Query<Delivery>().Where(delivery => delivery.SubscriptionId == id);
        if (wanted is { } only)
        {
            deliveries = deliveries.Where(delivery => delivery.Status == only);
        }

        var found = await deliveries
            .OrderByDescending(delivery => delivery.Order)
            .ThenByDescending(delivery => delivery.CreatedAt)
            .ToPagedListAsync(page, pageSize, cancellationToken);
        return TypedResults.Ok(Paging.Of(http.Request, [.. found.Select(DeliveryView.From)], page, pageSize, found.TotalItemCount));
    }

    private static async Task<IResult> GetAsync(Guid id, string deliveryId, IQuerySession session, HttpContext http, CancellationToken cancellationToken) =>
        await LoadOwnAsync(session, id, deliveryId, http, cancellationToken) is { } delivery
            ? TypedResults.Ok(DeliveryView.From(delivery))
            : NotFound(deliveryId);

    public static async Task<Delivery?> LoadOwnAsync(IQuerySession session, Guid subscriptionId, string deliveryId, HttpContext http, CancellationToken cancellationToken)
    {
        if (!DeliveryView.TryParseId(deliveryId, out var parsed))
        {
            return null;
        }

        var delivery = await session.LoadAsync<Delivery>(parsed, cancellationToken);
        return delivery is not null && delivery.SubscriptionId == subscriptionId && delivery.Tenant == Subscriptions.Tenant(http) ? delivery : null;
    }

    public static IResult NotFound(string deliveryId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such delivery.", detail: $"Delivery {deliveryId} does not exist for this subscription.");
}
