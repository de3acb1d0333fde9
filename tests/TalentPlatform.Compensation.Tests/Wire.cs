using System.Text.Json;

namespace TalentPlatform.Compensation.Tests;

/// <summary>A record as JSON writes it (camelCase, as the API and the event store do).</summary>
internal static class Wire
{
    public static JsonObject Of(object value) => JsonSerializer.SerializeToNode(value, value.GetType(), JsonSerializerOptions.Web)!.AsObject();

    public static JsonObject Without(JsonObject json, params string[] members)
    {
        foreach (var member in members)
        {
            json.Remove(member);
        }

        return json;
    }
}
