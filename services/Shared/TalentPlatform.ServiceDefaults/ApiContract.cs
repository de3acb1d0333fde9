using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace TalentPlatform.ServiceDefaults;

/// <summary>A header the answer with <paramref name="StatusCode"/> carries (response-type metadata has no place for headers).</summary>
public sealed record ResponseHeader(int StatusCode, string Name);

/// <summary>A header the route reads itself.</summary>
public sealed record RequestHeader(string Name);

/// <summary>A whole-number query parameter the handler reads itself (paging), which its signature does not show.</summary>
public sealed record QueryNumber(string Name, string Description, int Minimum, int? Maximum, int? Default);

/// <summary>A text query parameter the handler reads itself; <paramref name="Values"/> lists what it takes, when a fixed list.</summary>
public sealed record QueryText(string Name, string Description, bool Required, IReadOnlyList<string>? Values = null);

/// <summary>An example body, in JSON: of the request (no status code), or of the answer with that status code.</summary>
public sealed record BodyExample(int? StatusCode, string Json);

/// <summary>
/// What each route answers, declared where it is mapped so the OpenAPI document is made from the code: one call per
/// route names the kind of operation and its success type, and brings the status codes, headers and problems every
/// operation of that kind has (<c>.Creates&lt;DealView&gt;()</c>: 201 with Location and ETag, 400, 409, 413).
/// Errors every operation shares at the gateway (401, 403, 429) are added to the merged document there.
/// </summary>
public static class ApiContract
{
    public const string ProblemJson = "application/problem+json";

    /// <summary>200 with <typeparamref name="T"/>, or 400 naming each bad query parameter.</summary>
    public static RouteHandlerBuilder Answers<T>(this RouteHandlerBuilder endpoint, int statusCode = StatusCodes.Status200OK) => endpoint
        .Produces<T>(statusCode)
        .ProducesValidationProblem();

    /// <summary>One resource by its id: 200 with its ETag (its version), or 404.</summary>
    public static RouteHandlerBuilder Reads<T>(this RouteHandlerBuilder endpoint) => endpoint
        .Produces<T>()
        .WithMetadata(new ResponseHeader(StatusCodes.Status200OK, HeaderNames.ETag))
        .ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>A page of <typeparamref name="T"/> with the address of the next (<see cref="Page{T}"/>), or 400.</summary>
    public static RouteHandlerBuilder Lists<T>(this RouteHandlerBuilder endpoint) => endpoint
        .Answers<Page<T>>()
        .Paged();

    /// <summary>Takes <c>page</c> and <c>pageSize</c>, read by <see cref="Paging.Read"/>.</summary>
    public static RouteHandlerBuilder Paged(this RouteHandlerBuilder endpoint) => endpoint.WithMetadata(
        new QueryNumber("page", "The page, from 1.", 1, null, 1),
        new QueryNumber("pageSize", $"Items per page, at most {Paging.MaxPageSize}.", 1, Paging.MaxPageSize, Paging.DefaultPageSize));

    /// <summary>A conditional GET: the answer's ETag, and 304 with no body for an <c>If-None-Match</c> that still holds.</summary>
    public static RouteHandlerBuilder Revalidated(this RouteHandlerBuilder endpoint) => endpoint
        .Produces(StatusCodes.Status304NotModified)
        .WithMetadata(
            new ResponseHeader(StatusCodes.Status200OK, HeaderNames.ETag),
            new ResponseHeader(StatusCodes.Status200OK, HeaderNames.CacheControl),
            new RequestHeader(HeaderNames.IfNoneMatch));

    /// <summary>
    /// A command that starts a resource: 201 with <typeparamref name="T"/>, its <c>Location</c> and (when
    /// <paramref name="versioned"/>, a stream) its <c>ETag</c>; 400, 409, 413.
    /// </summary>
    public static RouteHandlerBuilder Creates<T>(this RouteHandlerBuilder endpoint, bool versioned = true)
    {
        endpoint
            .Answers<T>(StatusCodes.Status201Created)
            .WithMetadata(new ResponseHeader(StatusCodes.Status201Created, HeaderNames.Location))
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return versioned ? endpoint.WithMetadata(new ResponseHeader(StatusCodes.Status201Created, HeaderNames.ETag)) : endpoint;
    }

    /// <summary>
    /// A command on an existing stream: 200 with <typeparamref name="T"/> and its new ETag; <c>If-Match</c> names the
    /// version it applies to (412 when the stream moved on); 400, 404, 409 (the state forbids it), 413.
    /// </summary>
    public static RouteHandlerBuilder Commands<T>(this RouteHandlerBuilder endpoint) => endpoint
        .Answers<T>()
        .WithMetadata(new ResponseHeader(StatusCodes.Status200OK, HeaderNames.ETag), new RequestHeader(HeaderNames.IfMatch))
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

    /// <summary>Work started in the background: 202 with <typeparamref name="T"/> and the <c>Location</c> to follow it at.</summary>
    public static RouteHandlerBuilder Starts<T>(this RouteHandlerBuilder endpoint) => endpoint
        .Produces<T>(StatusCodes.Status202Accepted)
        .WithMetadata(new ResponseHeader(StatusCodes.Status202Accepted, HeaderNames.Location));

    /// <summary>An example request body (JSON), shown in the document and checked against its schema by the lint.</summary>
    public static RouteHandlerBuilder WithRequestExample(this RouteHandlerBuilder endpoint, string json) =>
        endpoint.WithMetadata(new BodyExample(null, json));

    /// <summary>An example answer (JSON) for <paramref name="statusCode"/>.</summary>
    public static RouteHandlerBuilder WithResponseExample(this RouteHandlerBuilder endpoint, int statusCode, string json) =>
        endpoint.WithMetadata(new BodyExample(statusCode, json));

    private static readonly Dictionary<string, string> HeaderDescriptions = new(StringComparer.OrdinalIgnoreCase)
    {
        [HeaderNames.Location] = "Where the resource is read or followed: a path on this gateway.",
        [HeaderNames.ETag] = "The version of what was answered: send it back in If-Match (commands) or If-None-Match (reads).",
        [HeaderNames.CacheControl] = "private, max-age=0, must-revalidate: keep the answer, but revalidate it with If-None-Match before each use.",
        [HeaderNames.IfMatch] = "The ETag last read, such as \"3\": the command applies only to that version of the resource; a resource that has changed since is a 412 and nothing is written.",
        [HeaderNames.IfNoneMatch] = "The ETag of an answer held: 304 with no body while it is still the current answer.",
        ["Idempotency-Key"] = "1 to 255 visible ASCII characters naming this request. Sent again with the same request within 24 hours, the first answer is replayed (Idempotent-Replayed: true) and nothing changes; with another request it is a 422.",
    };

    /// <summary>Describes each operation by the metadata above.</summary>
    internal static OpenApiOptions AddApiContract(this OpenApiOptions options) => options.AddOperationTransformer(DescribeOperation);

    private static Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        foreach (var header in metadata.OfType<ResponseHeader>())
        {
            if (operation.Responses?.GetValueOrDefault(header.StatusCode.ToString(CultureInfo.InvariantCulture)) is OpenApiResponse response)
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers[header.Name] = new OpenApiHeader
                {
                    Description = HeaderDescriptions.GetValueOrDefault(header.Name),
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }
        }

        foreach (var header in metadata.OfType<RequestHeader>().DistinctBy(header => header.Name))
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header.Name,
                In = ParameterLocation.Header,
                Description = HeaderDescriptions.GetValueOrDefault(header.Name),
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        foreach (var number in metadata.OfType<QueryNumber>().DistinctBy(number => number.Name))
        {
            if (operation.Parameters?.Any(parameter => parameter.Name == number.Name) == true)
            {
                continue;
            }

            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = number.Name,
                In = ParameterLocation.Query,
                Description = number.Description,
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer,
                    Format = "int32",
                    Minimum = number.Minimum.ToString(CultureInfo.InvariantCulture),
                    Maximum = number.Maximum?.ToString(CultureInfo.InvariantCulture),
                    Default = number.Default is { } value ? JsonValue.Create(value) : null,
                },
            });
        }

        foreach (var text in metadata.OfType<QueryText>().DistinctBy(text => text.Name))
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = text.Name,
                In = ParameterLocation.Query,
                Description = text.Description,
                Required = text.Required,
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Enum = text.Values?.Select(value => (JsonNode)JsonValue.Create(value)).ToList(),
                },
            });
        }

        foreach (var example in metadata.OfType<BodyExample>())
        {
            var content = example.StatusCode is { } status
                ? (operation.Responses?.GetValueOrDefault(status.ToString(CultureInfo.InvariantCulture)) as OpenApiResponse)?.Content
                : (operation.RequestBody as OpenApiRequestBody)?.Content;
            if (content is not null && content.TryGetValue("application/json", out var found) && found is OpenApiMediaType media)
            {
                media.Example = JsonNode.Parse(example.Json);
            }
        }

        return Task.CompletedTask;
    }
}
