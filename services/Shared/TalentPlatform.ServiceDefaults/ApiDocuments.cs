using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace TalentPlatform.ServiceDefaults;

/// <summary>
/// Every host describes its own routes as an OpenAPI document at <c>/openapi/v1.json</c>, readable without
/// credentials (it says what the API is, not what is in it). The gateway merges them into one.
/// </summary>
public static class ApiDocuments
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/" + DocumentName + ".json";

    public static IHostApplicationBuilder AddApiDocuments(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(DocumentName);
        return builder;
    }

    public static WebApplication MapApiDocuments(this WebApplication app)
    {
        // Only the one document: any other name is an unknown route (a 404 problem), not a plain-text answer.
        app.MapOpenApi(DocumentPath).AllowAnonymous();
        return app;
    }
}
