using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TalentPlatform.ServiceDefaults;

public static class Telemetry
{
    /// <summary>Activity sources and meters of the libraries on the event path, and our own.</summary>
    public static readonly string[] Sources = ["TalentPlatform.*", "Marten", "MassTransit", "Npgsql", "Yarp.ReverseProxy"];

    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        // Marten logs its DDL at Information and failed commands (with their parameters, i.e. customer data)
        // at Error; JasperFx logs every daemon page at Information.
        builder.Logging.AddFilter("Marten", LogLevel.Warning);
        builder.Logging.AddFilter("JasperFx", LogLevel.Warning);
        builder.Logging.AddFilter("Weasel", LogLevel.Warning);

        // A batch of a thousand statements is one span whose SQL text runs to hundreds of kilobytes: exported whole,
        // it overflows the collector's message limit and the whole export is refused. Attribute values are cut at
        // 4 KB unless the standard variables say otherwise.
        if (builder.Configuration["OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT"] is null && builder.Configuration["OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT"] is null)
        {
            builder.Configuration["OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT"] = "4096";
        }

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                .SetSampler(BackgroundNoiseSampler.Create())
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsHealthProbe(context))
                .AddHttpClientInstrumentation(options =>
                    options.FilterHttpRequestMessage = request => request.RequestUri?.AbsolutePath.StartsWith("/health", StringComparison.Ordinal) != true)
                .AddSource(Sources))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter(Sources));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }

        return builder;
    }

    private static bool IsHealthProbe(HttpContext context) => context.Request.Path.StartsWithSegments("/health");
}
