namespace TalentPlatform.Deploy.Tests;

/// <summary>
/// deploy/k8s checked without a cluster: each overlay rendered by <c>kubectl kustomize</c> as an operator renders it,
/// every object read strictly against its schema, and the rules of <see cref="ManifestRules"/> applied.
/// </summary>
public sealed class ManifestTests
{
    public static TheoryData<string> Overlays => ["dev", "prod"];

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_object_of_the_overlay_keeps_the_rules(string overlay)
    {
        var violations = Check(Kustomize.K8sFolder, overlay);

        Assert.True(violations.Count == 0, $"{overlay}:\n  " + string.Join("\n  ", violations));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_host_the_repository_builds_is_deployed_with_its_own_image(string overlay)
    {
        var violations = new List<string>();
        var manifests = Manifest.ReadAll(Kustomize.Render(Path.Combine(Kustomize.K8sFolder, "overlays", overlay)), violations);
        var platform = ReadPlatform();

        Assert.Equal(["compensation", "deals", "gateway", "insights", "people", "webhooks"], platform.Hosts);
        foreach (var host in platform.Hosts)
        {
            var deployment = Assert.Single(manifests, m => m.Kind == "Deployment" && m.Name == host).As<k8s.Models.V1Deployment>();
            Assert.StartsWith($"talent-platform/{host}:", deployment.Spec.Template.Spec.Containers[0].Image, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Make_secrets_makes_every_referenced_secret_with_fresh_values_and_nothing_the_repository_holds()
    {
        var first = Kustomize.MakeSecrets();
        var second = Kustomize.MakeSecrets();

        var violations = new List<string>();
        var objects = Manifest.ReadAll(first, violations);
        Assert.Empty(violations);
        Assert.Contains(objects, o => o.Id == "Secret/talent-identity-signing-key");
        Assert.All(objects, o => Assert.Equal("talent", o.Namespace));
        var password = (string?)objects.Single(o => o.Id == "Secret/talent-postgres-deals").Data["data"]!["password"];
        var again = (string?)Manifest.ReadAll(second, violations).Single(o => o.Id == "Secret/talent-postgres-deals").Data["data"]!["password"];
        Assert.NotEqual(password, again);

        // No value it makes is in the repository's manifests.
        var committed = string.Join('\n', Directory.EnumerateFiles(Kustomize.K8sFolder, "*.yaml", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.DoesNotContain(password!, committed, StringComparison.Ordinal);
    }

    /// <summary>A copy of deploy/k8s broken in one place must fail the check, naming what broke.</summary>
    public static TheoryData<string, string, string, string, string> Breakages => new()
    {
        {
            "a host without a readiness probe", "base/deals.yaml",
            "          readinessProbe:\n            httpGet:\n              path: /health/ready\n              port: http\n            periodSeconds: 5\n            timeoutSeconds: 5\n            failureThreshold: 3\n",
            "",
            "Deployment/deals container deals: no readiness probe"
        },
        { "a latest tag", "base/insights.yaml", "image: talent-platform/insights:1.0.0", "image: talent-platform/insights:latest", "has no tag or a 'latest' tag" },
        { "an image without a tag", "base/otel-collector.yaml", "image: otel/opentelemetry-collector-contrib:0.120.0", "image: otel/opentelemetry-collector-contrib", "Deployment/otel-collector container otel-collector: image" },
        { "a writable root filesystem", "base/gateway.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false", "Deployment/gateway container gateway: the root filesystem is not read-only" },
        { "a host running as root", "base/people.yaml", "runAsNonRoot: true\n        runAsUser: 1654", "runAsNonRoot: false\n        runAsUser: 0", "Deployment/people container people: runAsNonRoot is not true" },
        { "no memory limit", "base/compensation.yaml", "              memory: 1Gi\n", "", "Deployment/compensation container compensation: no memory limit" },
        { "a password inline", "base/deals.yaml", "Password=$(TALENT_POSTGRES_PASSWORD)", "Password=hunter2hunter2", "ConnectionStrings__Postgres has a secret value inline" },
        { "an unresolvable reference", "base/people.yaml", "Password=$(TALENT_POSTGRES_PASSWORD)", "Password=$(TALENT_PG_PASSWORD)", "refers to $(TALENT_PG_PASSWORD), which is not defined before it" },
        { "a Secret no one makes", "base/insights.yaml", "name: talent-rabbitmq-insights", "name: talent-rabbitmq-insight", "refers to Secret talent-rabbitmq-insight, which neither" },
        { "a configuration key missing", "base/compensation.yaml", "            - name: Messaging__QuorumQueues\n              value: \"true\"\n", "", "Deployment/compensation container compensation: Messaging__QuorumQueues is not set" },
        { "a gateway cluster without a destination", "base/gateway.yaml", "ReverseProxy__Clusters__webhooks__Destinations__primary__Address", "ReverseProxy__Clusters__hooks__Destinations__primary__Address", "ReverseProxy__Clusters__webhooks__Destinations__primary__Address is not set" },
        { "a Service that selects nothing", "base/people.yaml", "spec:\n  type: ClusterIP\n  selector:\n    app.kubernetes.io/name: people", "spec:\n  type: ClusterIP\n  selector:\n    app.kubernetes.io/name: peeple", "Service/people: its selector (app.kubernetes.io/name=peeple) selects no Deployment's pods" },
        { "an unknown field", "base/deals.yaml", "revisionHistoryLimit: 5", "revisionHistoryLimits: 5", "Deployment/deals: does not match the apps/v1 Deployment schema" },
        { "a field of the wrong type", "base/gateway.yaml", "terminationGracePeriodSeconds: 30", "terminationGracePeriodSeconds: thirty", "Deployment/gateway: does not match the apps/v1 Deployment schema" },
        { "too few replicas in prod", "overlays/prod/replicas.yaml", "  name: deals\nspec:\n  replicas: 2", "  name: deals\nspec:\n  replicas: 1", "Deployment/deals: 1 replicas, the prod overlay wants at least 2" },
        { "a service open to every pod", "base/network-policies.yaml", "        - podSelector:\n            matchLabels:\n              app.kubernetes.io/name: gateway\n", "        - podSelector:\n            matchLabels:\n              app.kubernetes.io/part-of: talent-platform\n", "lets insights reach deals" },
        { "broker rights beyond broker-permissions", "base/rabbitmq.yaml", "write: '^(talent\\.deals\\..+|deals-.+)$'", "write: '^(talent\\..+|deals-.+)$'", "Permission/talent-deals: its rights differ from deploy/broker-permissions' line for deals" },
        { "an unknown field of an operator's resource", "base/postgres.yaml", "  primaryUpdateStrategy: unsupervised", "  primaryUpdateStrategie: unsupervised", "Cluster/talent-postgres: spec.primaryUpdateStrategie is not a field of Cluster" },
        { "a database open to every login", "base/postgres.yaml", "        - REVOKE ALL ON DATABASE talent_insights FROM PUBLIC\n", "", "Cluster/talent-postgres: database talent_insights is open to every login" },
        { "a revoke before its database exists", "base/postgres.yaml", "      postInitApplicationSQL:\n        - REVOKE ALL ON DATABASE talent_gateway FROM PUBLIC\n", "        - REVOKE ALL ON DATABASE talent_gateway FROM PUBLIC\n", "database talent_gateway is open to every login ('REVOKE ALL ON DATABASE talent_gateway FROM PUBLIC' is missing from postInitApplicationSQL" },
        { "asynchronous commit", "base/postgres.yaml", "synchronous_commit: \"on\"", "synchronous_commit: \"off\"", "synchronous_commit is not 'on'" },
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public void A_broken_manifest_fails_the_check(string breakage, string file, string original, string replacement, string expected)
    {
        var copy = Kustomize.CopyOfK8sFolder();
        try
        {
            var path = Path.Combine(copy, file);
            var text = File.ReadAllText(path);
            Assert.True(text.Contains(original, StringComparison.Ordinal), $"{breakage}: '{original}' is not in {file} any more; update this case");
            File.WriteAllText(path, text.Replace(original, replacement, StringComparison.Ordinal));

            var violations = Check(copy, "prod");

            Assert.True(violations.Any(v => v.Contains(expected, StringComparison.Ordinal)),
                $"{breakage}: expected a violation containing '{expected}', got:\n  " + string.Join("\n  ", violations));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void A_secret_written_into_the_manifests_fails_the_check()
    {
        var copy = Kustomize.CopyOfK8sFolder();
        try
        {
            File.WriteAllText(Path.Combine(copy, "base", "leak.yaml"), "apiVersion: v1\nkind: Secret\nmetadata:\n  name: leak\nstringData:\n  password: hunter2\n");
            File.AppendAllText(Path.Combine(copy, "base", "kustomization.yaml"), "  - leak.yaml\n");

            var violations = Check(copy, "dev");

            Assert.Contains(violations, v => v.StartsWith("Secret/leak: a Secret in the manifests", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void A_setting_deploy_up_gives_its_hosts_that_no_deployment_sets_fails_the_check()
    {
        var platform = ReadPlatform();
        Assert.Contains("ConnectionStrings__Postgres", platform.DeployUpSettings);
        Assert.Contains("ReverseProxy__Clusters__${svc}__Destinations__${destination}__Address", platform.DeployUpSettings);
        var withNewSetting = new Platform
        {
            Hosts = platform.Hosts,
            ImageRepositoryFormat = platform.ImageRepositoryFormat,
            GatewayClusters = platform.GatewayClusters,
            BrokerPermissions = platform.BrokerPermissions,
            External = platform.External,
            DeployUpSettings = [.. platform.DeployUpSettings, "Messaging__Shards__${shard}__Weight"],
        };
        var ignored = new List<string>();
        var manifests = Manifest.ReadAll(Kustomize.Render(Path.Combine(Kustomize.K8sFolder, "overlays", "dev")), ignored);

        var violations = ManifestRules.Check(manifests, new Overlay("dev", 1, 1), withNewSetting);

        Assert.Equal(
            ["./deploy/up gives its hosts Messaging__Shards__${shard}__Weight, which no Deployment sets (or list it in ManifestRules.SingleMachineOnly, saying why)"],
            violations);
    }

    private static List<string> Check(string k8sFolder, string overlay)
    {
        var violations = new List<string>();
        var manifests = Manifest.ReadAll(Kustomize.Render(Path.Combine(k8sFolder, "overlays", overlay)), violations);
        var expectations = overlay == "prod" ? new Overlay("prod", MinimumReplicas: 2, MinimumDataReplicas: 3) : new Overlay(overlay, MinimumReplicas: 1, MinimumDataReplicas: 1);
        violations.AddRange(ManifestRules.Check(manifests, expectations, ReadPlatform()));
        return violations;
    }

    private static readonly Lazy<Platform> ThePlatform = new(() =>
    {
        var violations = new List<string>();
        var external = Manifest.ReadAll(Kustomize.MakeSecrets(), violations);
        Assert.Empty(violations);
        return Platform.Read(Kustomize.RepositoryRoot, external);
    });

    private static Platform ReadPlatform() => ThePlatform.Value;
}
