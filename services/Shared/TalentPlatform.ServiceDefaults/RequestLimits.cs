using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TalentPlatform.Vocabulary.Validation;

namespace TalentPlatform.ServiceDefaults;

/// <summary>
/// What one request may weigh, the same on every host: a body of 1 MiB unless its endpoint takes batches
/// (16 MiB), headers and request line within bounds, and a body that keeps arriving at a minimum rate, so
/// that a slow upload cannot hold a connection (and the proxy's request to a service) open for long.
/// Configuration: <c>Limits:MaxRequestBodyBytes</c>, <c>Limits:MaxRequestHeadersTotalBytes</c>,
/// <c>Limits:MaxRequestLineBytes</c>, <c>Limits:MinRequestBodyBytesPerSecond</c> and
/// <c>Limits:MinRequestBodyGracePeriod</c>.
/// </summary>
public static class RequestLimits
{
    public const long DefaultMaxBodyBytes = 1024 * 1024;
    public const long BatchMaxBodyBytes = 16 * 1024 * 1024;

    public static IHostApplicationBuilder AddRequestLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IConfiguration>((kestrel, configuration) =>
        {
            // Nobody outside needs to know which server answers.
            kestrel.AddServerHeader = false;
            var limits = kestrel.Limits;
            limits.MaxRequestBodySize = configuration.GetValue("Limits:MaxRequestBodyBytes", DefaultMaxBodyBytes);
            limits.MaxRequestHeadersTotalSize = configuration.GetValue("Limits:MaxRequestHeadersTotalBytes", 32 * 1024);
            limits.MaxRequestLineSize = configuration.GetValue("Limits:MaxRequestLineBytes", 8 * 1024);
            limits.MaxRequestHeaderCount = 100;
            limits.MinRequestBodyDataRate = new MinDataRate(
                configuration.GetValue("Limits:MinRequestBodyBytesPerSecond", 1024d),
                configuration.GetValue("Limits:MinRequestBodyGracePeriod", TimeSpan.FromSeconds(5)));
        });
        return builder;
    }

    /// <summary>Lets an endpoint that takes batches read a body of up to <see cref="BatchMaxBodyBytes"/>.</summary>
    public static TBuilder AcceptsBatchBodies<TBuilder>(this TBuilder endpoint)
        where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new BodySizeLimit(BatchMaxBodyBytes));

    /// <summary>The body limit as endpoint metadata (the gateway sets it per proxied route).</summary>
    public static IRequestSizeLimitMetadata BodyLimit(long maxBytes) => new BodySizeLimit(maxBytes);

    /// <summary>
    /// Applies the endpoint's body limit and refuses a body announced bigger than it before a byte is read,
    /// as a 413 problem. A body sent without a length is cut off by the server once it passes the limit.
    /// </summary>
    public static WebApplication UseRequestLimits(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var size = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (size is { IsReadOnly: false } && context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } limit)
            {
                size.MaxRequestBodySize = limit.MaxRequestBodySize;
            }

            if (size?.MaxRequestBodySize is { } max && context.Request.ContentLength > max)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status413PayloadTooLarge,
                        Title = "The request body is too large.",
                        Detail = $"This endpoint accepts bodies of up to {max} bytes.",
                    },
                });
                return;
            }

            if (DisallowedText(context.Request) is { } field)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [Text.ControlCharacterMessage] })
                    {
                        Status = StatusCodes.Status400BadRequest,
                        Title = "The request is not valid.",
                    },
                });
                return;
            }

            await next(context);
        });
        return app;
    }

    /// <summary>The path, or the name of the first query parameter, whose decoded text the platform would not store.</summary>
    private static string? DisallowedText(HttpRequest request)
    {
        if (!Text.IsAllowed(request.Path.Value))
        {
            return "path";
        }

        foreach (var (name, values) in request.Query)
        {
            if (!Text.IsAllowed(name))
            {
                return "query";
            }

            foreach (var value in values)
            {
                if (!Text.IsAllowed(value))
                {
                    return name;
                }
            }
        }

        return null;
    }

    private sealed record BodySizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
