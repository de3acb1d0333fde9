using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi;
using TalentPlatform.Vocabulary;

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
        builder.Services.AddOpenApi(DocumentName, options => options
            .AddSchemaTransformer(DescribeConvertedTypes)
            .AddApiContract());
        return builder;
    }

    /// <summary>
    /// Types read and written by converters of our own — every string (<see cref="StrictJson"/> refuses control
    /// characters) and <see cref="PartialDate"/> — are opaque to the schema generator: the document still says
    /// what they are, so a client generated from it types them.
    /// </summary>
    private static Task DescribeConvertedTypes(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(string) && schema.Type is null)
        {
            schema.Type = context.JsonPropertyInfo is { IsGetNullable: true } ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
        }
        else if ((type == typeof(PartialDate) || type == typeof(PartialDate?)) && schema.Type is null)
        {
            schema.Type = type == typeof(PartialDate?) ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
            schema.Pattern = PartialDatePattern;
        }

        else if (type == typeof(object) && schema.Type is null)
        {
            // A field whose shape depends on another (an event's data, named by its event field): always an object.
            schema.Type = JsonSchemaType.Object;
        }

        if (context.JsonTypeInfo is { Kind: JsonTypeInfoKind.Enumerable, ElementType: var element })
        {
            if (element == typeof(string) && schema.Items is null)
            {
                schema.Items = new OpenApiSchema { Type = JsonSchemaType.String };
            }
            else if (element == typeof(JsonElement))
            {
                // Rows read one by one (a batch), so that one bad row is reported by its index, not the whole body.
                schema.Items = new OpenApiSchema { Description = "One record, the body its single-record operation takes; each is checked on its own." };
            }
        }

        // Rows of a batch are read as raw JSON, each then checked as the single-record route's body: an object.
        if (context.JsonTypeInfo is { Kind: JsonTypeInfoKind.Enumerable, ElementType: var row } && row == typeof(JsonElement) && schema.Items is not { Type: not null })
        {
            schema.Items = new OpenApiSchema { Type = JsonSchemaType.Object };
        }

        return Task.CompletedTask;
    }

    private const string PartialDatePattern = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$";

    public static WebApplication MapApiDocuments(this WebApplication app)
    {
        // Only the one document: any other name is an unknown route (a 404 problem), not a plain-text answer.
        app.MapOpenApi(DocumentPath).AllowAnonymous();
        return app;
    }
}
