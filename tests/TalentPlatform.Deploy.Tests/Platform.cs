using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TalentPlatform.Deploy.Tests;

/// <summary>
/// What the manifests must agree with, read from the repository itself rather than restated here: the hosts (the
/// projects that name a <c>TalentHostName</c>), their image repository (Directory.Build.targets), the gateway's
/// clusters (its appsettings.json), the services' broker rights (deploy/broker-permissions) and what
/// make-secrets provides.
/// </summary>
internal sealed partial class Platform
{
    public required IReadOnlyList<string> Hosts { get; init; }

    public required string ImageRepositoryFormat { get; init; }

    public required IReadOnlyList<string> GatewayClusters { get; init; }

    /// <summary>service → (configure, write, read), with the entity prefix empty as in a deployment.</summary>
    public required IReadOnlyDictionary<string, (string Configure, string Write, string Read)> BrokerPermissions { get; init; }

    /// <summary>
    /// The settings ./deploy/up gives the hosts it starts (the <c>export</c>s of its <c>start_host</c>), a
    /// <c>${…}</c> in a name standing for any word: what a host is configured with on one machine.
    /// </summary>
    public required IReadOnlyList<string> DeployUpSettings { get; init; }

    /// <summary>"Secret/name" or "ConfigMap/name" → its keys, as deploy/k8s/make-secrets makes them.</summary>
    public required IReadOnlyDictionary<string, IReadOnlySet<string>> External { get; init; }

    public static Platform Read(string root, IReadOnlyList<Manifest> external)
    {
        var hosts = Directory.EnumerateFiles(Path.Combine(root, "services"), "*.csproj", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "gateway"), "*.csproj", SearchOption.AllDirectories))
            .Select(project => HostName().Match(File.ReadAllText(project)))
            .Where(match => match.Success)
            .Select(match => match.Groups[1].Value)
            .Order(StringComparer.Ordinal)
            .ToList();

        var targets = File.ReadAllText(Path.Combine(root, "Directory.Build.targets"));
        var repository = ContainerRepository().Match(targets);

        var gatewaySettings = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "gateway", "TalentPlatform.Gateway", "appsettings.json")))!;
        var clusters = gatewaySettings["ReverseProxy"]!["Clusters"]!.AsObject().Select(cluster => cluster.Key).ToList();

        var permissions = File.ReadAllLines(Path.Combine(root, "deploy", "broker-permissions"))
            .Where(line => line.Trim().Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(
                parts => parts[0],
                parts => (parts[1].Replace("{prefix}", ""), parts[2].Replace("{prefix}", ""), parts[3].Replace("{prefix}", "")));

        var up = File.ReadAllText(Path.Combine(root, "deploy", "up"));
        var startHost = StartHost().Match(up);
        var settings = startHost.Success
            ? Exported().Matches(startHost.Value).Select(match => match.Groups[1].Value).Distinct().Order(StringComparer.Ordinal).ToList()
            : throw new InvalidOperationException("no start_host() { … } in deploy/up");

        return new Platform
        {
            DeployUpSettings = settings,
            Hosts = hosts,
            ImageRepositoryFormat = repository.Success ? repository.Groups[1].Value : throw new InvalidOperationException("no ContainerRepository in Directory.Build.targets"),
            GatewayClusters = clusters,
            BrokerPermissions = permissions,
            External = external.ToDictionary(
                manifest => manifest.Id,
                manifest => (IReadOnlySet<string>)(manifest.Data["data"]?.AsObject().Select(entry => entry.Key) ?? []).ToHashSet(StringComparer.Ordinal)),
        };
    }

    /// <summary>talent-platform/deals for deals.</summary>
    public string ImageRepository(string host) => ImageRepositoryFormat.Replace("$(TalentHostName)", host, StringComparison.Ordinal);

    [GeneratedRegex(@"^start_host\(\) \{\n.*?^\}$", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex StartHost();

    [GeneratedRegex(@"\bexport\s+""?([A-Za-z_][A-Za-z0-9_${}]*)=?")]
    private static partial Regex Exported();

    [GeneratedRegex(@"<TalentHostName>\s*([a-z0-9-]+)\s*</TalentHostName>")]
    private static partial Regex HostName();

    [GeneratedRegex(@"<ContainerRepository>\s*([^<]+?)\s*</ContainerRepository>")]
    private static partial Regex ContainerRepository();
}
