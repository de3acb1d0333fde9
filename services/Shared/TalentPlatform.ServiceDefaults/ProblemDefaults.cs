using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using TalentPlatform.Vocabulary;
using TalentPlatform.Vocabulary.Validation;

namespace TalentPlatform.ServiceDefaults;

/// <summary>
/// Every error leaves as RFC 9457 problem details with a trace id; nothing about the server's insides
/// (stack traces, SQL, type names) is written to the client.
/// </summary>
public static partial class ProblemDefaults
{
    public static IHostApplicationBuilder AddProblemDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions["traceId"] =
                Activity.Current?.TraceId.ToHexString() ?? context.HttpContext.TraceIdentifier;
        });
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<ConflictExceptionHandler>();
        builder.Services.AddExceptionHandler<DatabaseUnavailableExceptionHandler>();

        // Without this, a body that fails to bind is a bare 400 with no body outside Development.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return builder;
    }

    public static WebApplication UseProblemDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>Turns a JSON reader failure into field-named validation errors.</summary>
    public static HttpValidationProblemDetails FromJsonException(JsonException exception)
    {
        var message = exception.Message;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);

        var missing = MissingRequired().Match(message);
        var unmapped = Unmapped().Match(message);
        var notNull = NullNotAllowed().Match(message);
        if (missing.Success)
        {
            var parent = FieldName(exception.Path);
            foreach (var name in missing.Groups["names"].Value.Split(", "))
            {
                errors[Join(parent, name.Trim('\''))] = ["The field is required."];
            }
        }
        else if (unmapped.Success)
        {
            // The reader stops on the unknown member itself, so the path already names it.
            errors[FieldName(exception.Path) ?? unmapped.Groups["name"].Value] = ["The field is not part of this request."];
        }
        else if (notNull.Success)
        {
            errors[FieldName(exception.Path) ?? JsonNamingPolicy.CamelCase.ConvertName(notNull.Groups["name"].Value)] = ["The field must not be null."];
        }
        else if (message == Text.ControlCharacterMessage)
        {
            errors[FieldName(exception.Path) ?? "body"] = [Text.ControlCharacterMessage];
        }
        else if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            errors[FieldName(exception.Path) ?? "body"] = ["The value is not valid for this field."];
        }
        else if (message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            errors[FieldName(exception.Path) ?? "body"] = [$"The JSON is nested deeper than {StrictJson.MaxDepth} levels."];
        }
        else if (message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
        {
            errors[FieldName(exception.Path) ?? "body"] = ["The field appears more than once."];
        }
        else
        {
            errors[FieldName(exception.Path) ?? "body"] = ["The body is not valid JSON."];
        }

        return new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request body is not valid.",
        };
    }

    /// <summary>"$.value.currency" → "value.currency"; "$" → null (the body itself).</summary>
    private static string? FieldName(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$")
        {
            return null;
        }

        var name = jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
        return name.Length == 0 ? null : name;
    }

    private static string Join(string? parent, string name) => parent is null ? name : $"{parent}.{name}";

    [GeneratedRegex("missing required properties including: (?<names>.+?)\\.?(\\s+Path:|$)")]
    private static partial Regex MissingRequired();

    [GeneratedRegex("The JSON property '(?<name>[^']+)' could not be mapped")]
    private static partial Regex Unmapped();

    [GeneratedRegex("The (property|constructor parameter) '(?<name>[^']+)' .*(doesn't allow|does not allow) (setting )?null")]
    private static partial Regex NullNotAllowed();

    private sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not BadHttpRequestException badRequest)
            {
                return false;
            }

            ProblemDetails problem = badRequest.InnerException is JsonException json
                ? FromJsonException(json)
                : new ProblemDetails
                {
                    Status = badRequest.StatusCode,
                    Title = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge
                        ? "The request body is too large."
                        : "The request is not valid.",
                    Detail = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge ? null : badRequest.Message,
                };

            httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = problem,
                Exception = exception,
            });
        }
    }

    /// <summary>
    /// True when the database went away under the request — its connection killed (an operator's
    /// <c>pg_terminate_backend</c>, a failover, a restart), the server shutting down or refusing connections for now,
    /// or the socket broken — rather than a fault of the request or a database that is gone for good (dropped, login
    /// refused). Such a request may be sent again.
    /// </summary>
    public static bool IsDatabaseUnavailable(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException postgres:
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                            or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections;
                case NpgsqlException npgsql when npgsql.IsTransient:
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A database that went away under a request is a 503 with <c>Retry-After</c>, not a 500: nothing is wrong with
    /// the request. A write may or may not have committed before the connection died, so the client sends it again
    /// with the same Idempotency-Key, which applies it at most once and answers as the first commit did.
    /// </summary>
    private sealed class DatabaseUnavailableExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            if (!IsDatabaseUnavailable(exception))
            {
                return false;
            }

            httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            httpContext.Response.Headers.RetryAfter = "1";
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "The service's database is unavailable for a moment.",
                    Detail = "Send the request again shortly; a write sent again with the same Idempotency-Key is applied at most once.",
                },
                Exception = exception,
            });
        }
    }

    private sealed class ConflictExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not ConflictException conflict)
            {
                return false;
            }

            httpContext.Response.StatusCode = StatusCodes.Status409Conflict;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status409Conflict,
                    Title = "The request conflicts with the current state.",
                    Detail = conflict.Message,
                },
                Exception = exception,
            });
        }
    }
}
