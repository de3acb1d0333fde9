using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;
using TalentPlatform.Gateway.Security;
using TalentPlatform.ServiceDefaults;
using Yarp.ReverseProxy;

namespace TalentPlatform.Gateway.Docs;

/// <summary>
/// One document and one page for the whole public API: <c>/openapi/platform.json</c> merges the gateway's
/// own routes (the admin API) with each service's <c>/openapi/v1.json</c>, fetched from where YARP routes
/// to it, and <c>/docs</c> shows it with Scalar. Each service's operations are tagged with its name; every
/// operation needs the <c>X-Api-Key</c> header. Both are readable without a key: they describe the API,
/// not the data behind it.
/// </summary>
internal sealed class PlatformDocs(IProxyStateLookup proxy, IHttpClientFactory clients, IServiceProvider services, TimeProvider time)
{
    public const string DocumentPath = "/openapi/platform.json";
    public const string PagePath = "/docs";
    public const string HttpClientName = "service-docs";
    public const string SecurityScheme = "ApiKey";

    private static readonly TimeSpan KeptFor = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan KeptForWhenIncomplete = TimeSpan.FromSeconds(3);
    private readonly SemaphoreSlim _building = new(1, 1);
    private (string Json, DateTimeOffset Until)? _built;

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (_built is { } built && built.Until > time.GetUtcNow())
        {
            return built.Json;
        }

        await _building.WaitAsync(cancellationToken);
        try
        {
            if (_built is { } again && again.Until > time.GetUtcNow())
            {
                return again.Json;
            }

            var (document, complete) = await BuildAsync(cancellationToken);
            var json = document.ToJsonString();
            _built = (json, time.GetUtcNow() + (complete ? KeptFor : KeptForWhenIncomplete));
            return json;
        }
        finally
        {
            _building.Release();
        }
    }

    private async Task<(JsonObject Document, bool Complete)> BuildAsync(CancellationToken cancellationToken)
    {
        var merged = new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = "TalentPlatform API",
                ["version"] = ApiDocuments.DocumentName,
                ["description"] =
                    $"Every route needs an API key in the `{ApiKeyAuthenticationHandler.HeaderName}` header; its role (analyst, customer or admin) " +
                    "decides what it may do, its tenant whose private data it sees. Errors are RFC 9457 problem details. " +
                    "Lists take `page` and `pageSize` (at most 200); bodies are limited to 1 MiB (16 MiB for batches, 1 GiB for imports); " +
                    "each tenant has a request quota (429 with Retry-After beyond it).",
            },
            ["servers"] = new JsonArray(new JsonObject
            {
                ["url"] = "/",
                ["description"] = "The gateway this document was read from: every path is relative to it.",
            }),
            ["paths"] = new JsonObject(),
            ["components"] = new JsonObject
            {
                ["schemas"] = new JsonObject(),
                ["responses"] = GatewayResponses(),
                ["securitySchemes"] = new JsonObject
                {
                    [SecurityScheme] = new JsonObject
                    {
                        ["type"] = "apiKey",
                        ["in"] = "header",
                        ["name"] = ApiKeyAuthenticationHandler.HeaderName,
                        ["description"] = "An API key issued to your tenant (shown once when issued).",
                    },
                },
            },
            ["security"] = new JsonArray(new JsonObject { [SecurityScheme] = new JsonArray() }),
            ["tags"] = new JsonArray(),
        };

        var complete = true;
        Merge(merged, "Admin", await OwnDocumentAsync(cancellationToken));
        foreach (var cluster in new[] { "deals", "people", "compensation", "insights", "webhooks" })
        {
            var document = await ServiceDocumentAsync(cluster, cancellationToken);
            if (document is null)
            {
                complete = false;
                merged["info"]!["description"] = $"{merged["info"]!["description"]} (The {cluster} service did not answer; its routes are missing here.)";
                continue;
            }

            Merge(merged, char.ToUpperInvariant(cluster[0]) + cluster[1..], document);
        }

        return (merged, complete);
    }

    private async Task<JsonObject> OwnDocumentAsync(CancellationToken cancellationToken)
    {
        var provider = services.GetRequiredKeyedService<IOpenApiDocumentProvider>(ApiDocuments.DocumentName);
        var document = await provider.GetOpenApiDocumentAsync(cancellationToken);
        return JsonNode.Parse(await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, cancellationToken))!.AsObject();
    }

    private async Task<JsonObject?> ServiceDocumentAsync(string cluster, CancellationToken cancellationToken)
    {
        if (!proxy.TryGetCluster(cluster, out var state))
        {
            return null;
        }

        var client = clients.CreateClient(HttpClientName);
        foreach (var destination in state.Destinations.Values)
        {
            try
            {
                var address = new Uri(new Uri(destination.Model.Config.Address), ApiDocuments.DocumentPath);
                return JsonNode.Parse(await client.GetStringAsync(address, cancellationToken))?.AsObject();
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
                // Try the next destination; a service nobody can reach leaves its routes out.
            }
        }

        return null;
    }

    /// <summary>
    /// Adds one service's paths and schemas. A schema whose name another service already uses for a
    /// different shape is renamed <c>{Service}{Name}</c>, and the service's references follow it.
    /// </summary>
    private static void Merge(JsonObject merged, string service, JsonObject document)
    {
        var schemas = merged["components"]!["schemas"]!.AsObject();
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        var own = document["components"]?["schemas"]?.AsObject() ?? [];
        foreach (var (name, schema) in own)
        {
            var target = name;
            if (schemas.TryGetPropertyValue(name, out var existing) && !JsonNode.DeepEquals(existing, schema))
            {
                target = service + name;
            }

            renames[name] = target;
        }

        foreach (var (name, schema) in own.ToList())
        {
            var copy = Rewrite(schema!.DeepClone(), renames);
            schemas[renames[name]] = copy;
        }

        var paths = merged["paths"]!.AsObject();
        foreach (var (path, item) in document["paths"]?.AsObject() ?? [])
        {
            var copy = Rewrite(item!.DeepClone(), renames).AsObject();
            foreach (var (_, operation) in copy)
            {
                if (operation is JsonObject op && op["responses"] is JsonObject responses)
                {
                    op["tags"] = new JsonArray(service);
                    foreach (var (status, name) in GatewayProblems)
                    {
                        if (!responses.ContainsKey(status))
                        {
                            responses[status] = new JsonObject { ["$ref"] = $"#/components/responses/{name}" };
                        }
                    }
                }
            }

            paths[path] = copy;
        }

        merged["tags"]!.AsArray().Add(new JsonObject { ["name"] = service, ["description"] = TagDescriptions[service] });
    }

    /// <summary>What every operation may hear from the gateway itself, before a service sees the request.</summary>
    private static readonly (string Status, string Name)[] GatewayProblems = [("401", "Unauthorized"), ("403", "Forbidden"), ("429", "TooManyRequests")];

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Admin"] = "Served by the gateway itself: tenants, the API keys issued to them and the audit trail (admin keys only), and the caller's own identity.",
        ["Deals"] = "Deals (acquisitions, acqui-hires, licence-and-hire, stakes) with every sourced claim on their terms, their lifecycle and the talent that came with them. Analysts and admins write; every role reads.",
        ["People"] = "Organizations (slug, aliases, parent), people with their employment timeline, and talent moves, named and in groups. Analysts and admins write; every role reads.",
        ["Compensation"] = "Market pay reports, offers and their outcomes (analysts write, every role reads), and each customer's own payroll rows, which only that tenant reads.",
        ["Insights"] = "Answers built from every event the other services publish: league tables, implied valuations, deal comparisons, talent flows, pay benchmarks under the privacy rules, talent versus compute, claims quality and market heat; the reference data they convert with; read-model rebuilds (admins).",
        ["Webhooks"] = "A tenant's subscriptions to market events, delivered as signed Standard Webhooks requests, and their delivery log. Customers and admins, within their tenant.",
    };

    private static JsonObject GatewayResponses()
    {
        JsonObject Problem(string description, JsonObject? headers = null)
        {
            var response = new JsonObject
            {
                ["description"] = description,
                ["content"] = new JsonObject
                {
                    [ApiContract.ProblemJson] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/ProblemDetails" } },
                },
            };
            if (headers is not null)
            {
                response["headers"] = headers;
            }

            return response;
        }

        return new JsonObject
        {
            ["Unauthorized"] = Problem($"No {ApiKeyAuthenticationHandler.HeaderName} header, or a key that is unknown or revoked."),
            ["Forbidden"] = Problem("The key's role may not do this: writes of market data need analyst or admin, a tenant's own data its customer or admin keys, the admin API an admin key."),
            ["TooManyRequests"] = Problem(
                "The key's tenant is over its request quota; other tenants are unaffected.",
                new JsonObject
                {
                    ["Retry-After"] = new JsonObject
                    {
                        ["description"] = "Seconds to wait before trying again.",
                        ["schema"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1 },
                    },
                }),
        };
    }

    private static JsonNode Rewrite(JsonNode node, IReadOnlyDictionary<string, string> renames)
    {
        const string Prefix = "#/components/schemas/";
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (key == "$ref" && value?.GetValue<string>() is { } reference && reference.StartsWith(Prefix, StringComparison.Ordinal)
                        && renames.TryGetValue(reference[Prefix.Length..], out var renamed))
                    {
                        obj[key] = Prefix + renamed;
                    }
                    else if (value is not null)
                    {
                        Rewrite(value, renames);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        Rewrite(item, renames);
                    }
                }

                break;
        }

        return node;
    }
}

internal static class PlatformDocsEndpoints
{
    public static IHostApplicationBuilder AddPlatformDocs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(PlatformDocs.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton<PlatformDocs>();
        return builder;
    }

    public static WebApplication MapPlatformDocs(this WebApplication app)
    {
        app.MapGet(PlatformDocs.DocumentPath, async (PlatformDocs docs, CancellationToken cancellationToken) =>
                TypedResults.Text(await docs.GetAsync(cancellationToken), "application/json"))
            .AllowAnonymous()
            .ExcludeFromDescription();
        app.MapScalarApiReference(PlatformDocs.PagePath, options => options
                .WithTitle("TalentPlatform API")
                .WithOpenApiRoutePattern(PlatformDocs.DocumentPath)
                .AddPreferredSecuritySchemes(PlatformDocs.SecurityScheme)
                .AddApiKeyAuthentication(PlatformDocs.SecurityScheme, apiKey => apiKey.Name = ApiKeyAuthenticationHandler.HeaderName))
            .AllowAnonymous();
        return app;
    }
}
