using System.Buffers;
using System.Text.Json;
using TalentPlatform.ServiceDefaults;

namespace TalentPlatform.Imports;

/// <summary>
/// A row of a kind whose single-record route has a parameter (<c>POST /api/people/{personId}/moves</c>) names
/// it as one more field of the body (<c>personId</c>): taken out here, so that the rest is exactly the route's
/// body and is read by its own rules.
/// </summary>
internal static class RouteKeys
{
    public enum Found
    {
        Key,
        Missing,
        NotAnId,

        /// <summary>Not a JSON object at all: the JSON reader says why when it reads the row.</summary>
        NotAnObject,
    }

    public static Found TryTake(ReadOnlySpan<byte> json, string field, out Guid key, out byte[] rest)
    {
        key = Guid.Empty;
        rest = [];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = StrictJson.MaxDepth });
        }
        catch (JsonException)
        {
            return Found.NotAnObject;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Found.NotAnObject;
            }

            var found = Found.Missing;
            var buffer = new ArrayBufferWriter<byte>(json.Length);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (!property.NameEquals(field))
                    {
                        property.WriteTo(writer);
                    }
                    else if (found == Found.Missing && property.Value.ValueKind == JsonValueKind.String && property.Value.TryGetGuid(out key))
                    {
                        found = Found.Key;
                    }
                    else
                    {
                        // Not an id, or named twice.
                        found = Found.NotAnId;
                    }
                }

                writer.WriteEndObject();
            }

            rest = buffer.WrittenSpan.ToArray();
            return found;
        }
    }
}
