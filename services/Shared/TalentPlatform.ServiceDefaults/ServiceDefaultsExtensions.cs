using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace TalentPlatform.ServiceDefaults;

/// <summary>
/// What every TalentPlatform host shares: telemetry, health endpoints, problem details, strict JSON, request
/// limits and its OpenAPI document.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.AddTelemetry();
        builder.AddHealthDefaults();
        builder.AddProblemDefaults();
        builder.Services.ConfigureStrictJson();
        builder.AddRequestLimits();
        builder.AddApiDocuments();

        // Time comes in from the edge: endpoints and consumers take it, decisions are given it.
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>
    /// Problem details for every error, the request limits, authentication and authorization (each host
    /// registers its scheme), then the health endpoints and the OpenAPI document, open in every environment.
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseProblemDefaults();
        app.UseRequestLimits();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthEndpoints();
        app.MapApiDocuments();
        return app;
    }
}
