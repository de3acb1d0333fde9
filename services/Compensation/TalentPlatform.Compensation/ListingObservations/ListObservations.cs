using Marten.Pagination;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Compensation.ListingObservations;

internal sealed class ListObservationsEndpoint : IUseCase
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/compensation/observations", HandleAsync).WithName("ListObservations").Lists<Observation>().WithTags(ApiTags.Observations)
            .WithSummary("Market pay reports, latest observed first, by ?role=, ?country=, ?level=; paged.");
    }

    /// <summary>
    /// Market data sits under the default tenant (events are conjoined, so their snapshots are too); the role
    /// the filter reads is duplicated out of the JSON.
    /// </summary>
    public static void Configure(StoreOptions options) =>
        options.Schema.For<Observation>().MultiTenanted().Duplicate(observation => observation.Role);

    private static async Task<IResult> HandleAsync(string? role, string? country, string? level, IQuerySession session, HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .When(role is { Length: > PayRules.MaxText }, "role", $"At most {PayRules.MaxText} characters.")
            .When(country is not null && !CountryCodes.IsAssigned(country), "country", "An ISO 3166-1 alpha-2 code, such as GB.")
            .When(level is not null && !WireNames.TryParse<Level>(level, out _), "level", $"One of {WireNames.All<Level>()}.");
        var (page, pageSize) = Paging.Read(request, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The filters are not valid.");
        }

        IQueryable<Observation> observations = session.Query<Observation>();
        if (role is not null)
        {
            observations = observations.Where(observation => observation.Role == role);
        }

        if (country is not null)
        {
            observations = observations.Where(observation => observation.Location!.Country == country);
        }

        if (WireNames.TryParse<Level>(level, out var wanted))
        {
            observations = observations.Where(observation => observation.Level == wanted);
        }

        var found = await observations.OrderByDescending(observation => observation.ObservedOn).ThenBy(observation => observation.Id)
            .ToPagedListAsync(page, pageSize, cancellationToken);
        return TypedResults.Ok(Paging.Of(request, [.. found], page, pageSize, found.TotalItemCount));
    }
}
