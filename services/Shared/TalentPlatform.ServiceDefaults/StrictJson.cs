using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace TalentPlatform.ServiceDefaults;

/// <summary>
/// The public API reads JSON strictly: unknown members, duplicate members, nulls where the contract has none,
/// missing required members and enum values outside the contract are all 400s that name the field.
/// </summary>
public static class StrictJson
{
    public const int MaxDepth = 32;

    public static IServiceCollection ConfigureStrictJson(this IServiceCollection services) =>
        services.Configure<JsonOptions>(options => Apply(options.SerializerOptions));

    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.MaxDepth = MaxDepth;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        return options;
    }

    /// <summary>A fresh strict options instance, for clients and tests that speak the public API.</summary>
    public static JsonSerializerOptions Create() => Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web));
}
