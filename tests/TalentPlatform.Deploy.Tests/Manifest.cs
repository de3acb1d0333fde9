using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using YamlDotNet.Serialization;

namespace TalentPlatform.Deploy.Tests;

/// <summary>
/// One object of a rendered overlay: as the Kubernetes API's own model (<see cref="Typed"/>, built-in kinds, read
/// strictly: an unknown field or a wrong type fails) and as plain data (<see cref="Data"/>, every kind).
/// </summary>
internal sealed record Manifest(string ApiVersion, string Kind, string Name, string? Namespace, JsonObject Data, object? Typed)
{
    /// <summary>The built-in kinds the platform uses, by apiVersion/kind, and their models.</summary>
    public static readonly IReadOnlyDictionary<string, Type> BuiltIn = new Dictionary<string, Type>
    {
        ["v1/Namespace"] = typeof(V1Namespace),
        ["v1/Service"] = typeof(V1Service),
        ["v1/ConfigMap"] = typeof(V1ConfigMap),
        ["v1/Secret"] = typeof(V1Secret),
        ["apps/v1/Deployment"] = typeof(V1Deployment),
        ["policy/v1/PodDisruptionBudget"] = typeof(V1PodDisruptionBudget),
        ["autoscaling/v2/HorizontalPodAutoscaler"] = typeof(V2HorizontalPodAutoscaler),
        ["networking.k8s.io/v1/NetworkPolicy"] = typeof(V1NetworkPolicy),
    };

    public string Id => $"{Kind}/{Name}";

    public T As<T>() => (T)Typed!;

    /// <summary>
    /// Splits a multi-document YAML stream and reads each object. Schema faults (unknown kind, unknown field, wrong
    /// type, no name) are returned as violations rather than thrown, so that one report names all of them.
    /// </summary>
    public static IReadOnlyList<Manifest> ReadAll(string yaml, ICollection<string> violations)
    {
        var manifests = new List<Manifest>();
        var plain = new DeserializerBuilder().Build();
        foreach (var document in SplitDocuments(yaml))
        {
            JsonObject data;
            try
            {
                data = ToJson(plain.Deserialize<object>(document)) as JsonObject
                    ?? throw new InvalidDataException("not a mapping");
            }
            catch (Exception exception) when (exception is YamlDotNet.Core.YamlException or InvalidDataException)
            {
                violations.Add($"a document is not a YAML mapping ({exception.Message}): {Head(document)}");
                continue;
            }

            var apiVersion = (string?)data["apiVersion"];
            var kind = (string?)data["kind"];
            var name = (string?)data["metadata"]?["name"];
            if (apiVersion is null || kind is null || name is null)
            {
                violations.Add($"an object without apiVersion, kind or metadata.name: {Head(document)}");
                continue;
            }

            object? typed = null;
            if (BuiltIn.TryGetValue($"{apiVersion}/{kind}", out var type))
            {
                try
                {
                    typed = KubernetesYaml.LoadAllFromString(document, new Dictionary<string, Type> { [$"{apiVersion}/{kind}"] = type }, strict: true).Single();
                }
                catch (Exception exception) when (exception is YamlDotNet.Core.YamlException or InvalidOperationException or FormatException)
                {
                    violations.Add($"{kind}/{name}: does not match the {apiVersion} {kind} schema: {Innermost(exception)}");
                    continue;
                }
            }

            manifests.Add(new Manifest(apiVersion, kind, name, (string?)data["metadata"]?["namespace"], data, typed));
        }

        return manifests;
    }

    private static IEnumerable<string> SplitDocuments(string yaml)
    {
        var current = new List<string>();
        foreach (var line in yaml.Split('\n'))
        {
            if (line.TrimEnd() == "---")
            {
                if (current.Any(text => text.Trim().Length > 0 && !text.TrimStart().StartsWith('#')))
                {
                    yield return string.Join('\n', current);
                }

                current.Clear();
            }
            else
            {
                current.Add(line);
            }
        }

        if (current.Any(text => text.Trim().Length > 0 && !text.TrimStart().StartsWith('#')))
        {
            yield return string.Join('\n', current);
        }
    }

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        IDictionary<object, object> map => new JsonObject(map.Select(entry => KeyValuePair.Create(entry.Key.ToString()!, ToJson(entry.Value)))),
        IList<object> list => new JsonArray(list.Select(ToJson).ToArray()),
        _ => JsonValue.Create(value.ToString()),
    };

    private static string Head(string document) => string.Join(' ', document.Split('\n').Take(4)).Trim();

    private static string Innermost(Exception exception)
    {
        var messages = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            messages.Add(current.Message);
        }

        return string.Join(" → ", messages.Distinct());
    }
}
