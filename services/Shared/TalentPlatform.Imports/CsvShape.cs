using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using CsvHelper;
using TalentPlatform.Vocabulary.Validation;

namespace TalentPlatform.Imports;

/// <summary>
/// How a CSV header maps onto the JSON body of a single-record POST: each column names a field of the body,
/// nested fields dotted (<c>components.base.amount</c>), checked against the row type's JSON contract
/// once, from the header. Each record is then written as that body, so that it is read by the same JSON
/// rules and validated by the same code as the single-record route: a value that is not a number where the
/// body takes one is written as a string, and the JSON reader names the field. An empty field is absent;
/// a field whose type is a list or an object takes JSON (<c>["a","b"]</c>). A kind's route key (<c>personId</c>)
/// is one more column, written as a text field of the body.
/// </summary>
internal sealed class CsvShape
{
    private readonly Node _root;

    private CsvShape(Node root) => _root = root;

    public static CsvShape Build(IReadOnlyList<string> headers, JsonSerializerOptions json, Type rowType, string? routeKey, List<RowProblem> problems)
    {
        var root = new Node("", default);
        for (var column = 0; column < headers.Count; column++)
        {
            var header = headers[column].Trim();
            if (header.Length == 0)
            {
                problems.Add(new RowProblem($"column {column + 1}", "The header names no field."));
                continue;
            }

            if (!Text.IsAllowed(header))
            {
                // Named by its place: the name itself is not text that can be stored or shown.
                problems.Add(new RowProblem($"column {column + 1}", Text.ControlCharacterMessage));
                continue;
            }

            if (header == routeKey)
            {
                if (root.Children.Any(child => child.Name == header))
                {
                    problems.Add(new RowProblem(header, "The field has more than one column."));
                    continue;
                }

                root.Children.Add(new Node(header, JsonEncodedText.Encode(header)) { Column = column, Leaf = LeafKind.Text });
                continue;
            }

            var node = root;
            var type = rowType;
            var segments = header.Split('.');
            for (var i = 0; i < segments.Length; i++)
            {
                var info = json.GetTypeInfo(Unwrapped(type));
                var property = info.Kind == JsonTypeInfoKind.Object
                    ? info.Properties.FirstOrDefault(property => property.Name == segments[i])
                    : null;
                if (property is null || node.Column >= 0)
                {
                    problems.Add(new RowProblem(header, $"Not a field of this kind of row{(i > 0 ? $" ({string.Join('.', segments[..i])} has no field {segments[i]})" : "")}."));
                    break;
                }

                var child = node.Children.FirstOrDefault(child => child.Name == segments[i]);
                if (child is null)
                {
                    child = new Node(segments[i], JsonEncodedText.Encode(segments[i]));
                    node.Children.Add(child);
                }

                if (i == segments.Length - 1)
                {
                    if (child.Column >= 0 || child.Children.Count > 0)
                    {
                        problems.Add(new RowProblem(header, "The field has more than one column (or a column of its own and of its fields)."));
                        break;
                    }

                    child.Column = column;
                    child.Leaf = LeafOf(property.PropertyType, json);
                }

                node = child;
                type = property.PropertyType;
            }
        }

        root.Seal();
        return new CsvShape(root);
    }

    /// <summary>Writes the current record of <paramref name="csv"/> as the JSON body.</summary>
    public void Write(CsvReader csv, Utf8JsonWriter writer, List<RowProblem> problems) => WriteObject(_root, csv, writer, problems);

    private static void WriteObject(Node node, CsvReader csv, Utf8JsonWriter writer, List<RowProblem> problems)
    {
        writer.WriteStartObject();
        foreach (var child in node.Children)
        {
            if (child.Column >= 0)
            {
                var value = csv.GetSpan(child.Column);
                if (value.IsEmpty)
                {
                    continue;
                }

                writer.WritePropertyName(child.Encoded);
                WriteValue(child, value, writer, problems);
            }
            else if (child.Columns.Any(column => !csv.GetSpan(column).IsEmpty))
            {
                writer.WritePropertyName(child.Encoded);
                WriteObject(child, csv, writer, problems);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Node leaf, ReadOnlySpan<byte> value, Utf8JsonWriter writer, List<RowProblem> problems)
    {
        switch (leaf.Leaf)
        {
            case LeafKind.Number when IsJson(value, JsonTokenType.Number):
                writer.WriteRawValue(value, skipInputValidation: true);
                return;
            case LeafKind.Boolean when value.SequenceEqual("true"u8) || value.SequenceEqual("false"u8):
                writer.WriteBooleanValue(value[0] == (byte)'t');
                return;
            case LeafKind.Json when IsJson(value, null):
                writer.WriteRawValue(value, skipInputValidation: true);
                return;
        }

        // Anything else is text, or a value the JSON reader refuses in this field and says so.
        try
        {
            writer.WriteStringValue(value);
        }
        catch (ArgumentException)
        {
            problems.Add(new RowProblem(leaf.Path, "The value is not valid UTF-8."));
            writer.WriteNullValue();
        }
    }

    /// <summary>Whether <paramref name="value"/> is one whole JSON value (of the given token type, when one is given).</summary>
    private static bool IsJson(ReadOnlySpan<byte> value, JsonTokenType? token)
    {
        var reader = new Utf8JsonReader(value, new JsonReaderOptions { MaxDepth = 32 });
        try
        {
            if (!reader.Read() || (token is { } expected && reader.TokenType != expected))
            {
                return false;
            }

            reader.Skip();
            return reader.BytesConsumed == value.Length || value[(int)reader.BytesConsumed..].Trim(" \t"u8).IsEmpty;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static Type Unwrapped(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    private static LeafKind LeafOf(Type type, JsonSerializerOptions json)
    {
        type = Unwrapped(type);
        if (type == typeof(bool))
        {
            return LeafKind.Boolean;
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(decimal) || type == typeof(double) || type == typeof(float)
            || type == typeof(short) || type == typeof(byte) || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort))
        {
            return LeafKind.Number;
        }

        if (type == typeof(JsonElement) || typeof(JsonNode).IsAssignableFrom(type) || type == typeof(object))
        {
            return LeafKind.Json;
        }

        return json.GetTypeInfo(type).Kind == JsonTypeInfoKind.None ? LeafKind.Text : LeafKind.Json;
    }

    private enum LeafKind
    {
        Text,
        Number,
        Boolean,
        Json,
    }

    private sealed class Node(string name, JsonEncodedText encoded)
    {
        public string Name { get; } = name;

        public JsonEncodedText Encoded { get; } = encoded;

        public List<Node> Children { get; } = [];

        public int Column { get; set; } = -1;

        public LeafKind Leaf { get; set; }

        /// <summary>The dotted name of the field, as error messages give it.</summary>
        public string Path { get; private set; } = "";

        /// <summary>Every column at or below this node: an object is written only when one of them has a value.</summary>
        public int[] Columns { get; private set; } = [];

        public void Seal(string parent = "")
        {
            Path = parent.Length == 0 ? Name : $"{parent}.{Name}";
            foreach (var child in Children)
            {
                child.Seal(Path);
            }

            Columns = Column >= 0 ? [Column] : [.. Children.SelectMany(child => child.Columns)];
        }
    }
}
