using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using TalentPlatform.Vocabulary.Validation;

namespace TalentPlatform.ServiceDefaults;

/// <summary>
/// The public API reads JSON strictly: unknown members, duplicate members, nulls where the contract has none,
/// missing required members, enum values outside the contract and strings holding control characters
/// (<see cref="Text"/>) are all 400s that name the field.
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
        options.Converters.Add(new AllowedTextConverter());
        return options;
    }

    /// <summary>Every string a request carries is text the platform can store (<see cref="Text.IsAllowed"/>).</summary>
    private sealed class AllowedTextConverter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString();
            return text is null || Text.IsAllowed(text) ? text : throw new JsonException(Text.ControlCharacterMessage);
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    /// <summary>A fresh strict options instance, for clients and tests that speak the public API.</summary>
    public static JsonSerializerOptions Create() => Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web));
}
