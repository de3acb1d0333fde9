using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s.Models;

namespace TalentPlatform.Deploy.Tests;

/// <summary>What an overlay must hold: the replicas it promises, and the namespace everything goes to.</summary>
internal sealed record Overlay(string Name, int MinimumReplicas, int MinimumDataReplicas, string Namespace = "talent")
{
    /// <summary>Hosts that run one instance whatever the overlay, and why (see deploy/k8s/base/webhooks.yaml).</summary>
    public static readonly IReadOnlyDictionary<string, string> Singletons = new Dictionary<string, string>
    {
        ["webhooks"] = "its dispatcher does not claim a delivery across instances",
    };
}

/// <summary>
/// The rules every rendered overlay is held to. <see cref="Check"/> returns every violation, each naming its object,
/// so a failing test shows all that is wrong at once.
/// </summary>
internal static partial class ManifestRules
{
    /// <summary>Configuration a host cannot run without, or must have set so in a cluster (besides what is checked below).</summary>
    private static readonly string[] EveryHost =
        ["ASPNETCORE_ENVIRONMENT", "ASPNETCORE_HTTP_PORTS", "OTEL_SERVICE_NAME", "OTEL_EXPORTER_OTLP_ENDPOINT", "ConnectionStrings__Postgres", "Talent__Database"];

    private static readonly string[] EveryService = ["ConnectionStrings__RabbitMq", "Messaging__QuorumQueues", "Identity__PublicKeysFile"];

    private static readonly string[] Gateway =
        ["Identity__SigningKeyFile", "Gateway__ApiKeys__0__Name", "Gateway__ApiKeys__0__Role", "Gateway__ApiKeys__0__Tenant", "Gateway__ApiKeys__0__Sha256"];

    private static readonly Dictionary<string, string[]> OwnKeys = new()
    {
        ["compensation"] = ["Messaging__SigningKeyFile"],
        ["insights"] = ["Messaging__SenderKeys__compensation"],
    };

    /// <summary>Settings for tests on one machine only: never in a cluster.</summary>
    private static readonly string[] Forbidden =
        ["Webhooks__AllowedHosts", "Talent__Durability__AllowAsynchronousCommit", "Messaging__EntityPrefix", "Talent__Supervisor__Restarts"];

    /// <summary>What ./deploy/up sets that a cluster has no use for, and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> SingleMachineOnly = new Dictionary<string, string>
    {
        ["Talent__Supervisor__Restarts"] = "./deploy/up's own restart count; Kubernetes shows a pod's restarts itself",
        ["Talent__Supervisor__LastExit"] = "likewise",
        ["Webhooks__AllowedHosts"] = "lets the tests receive webhooks on loopback; empty in a deployment",
        ["Gateway__Front__Instances__${HOST_INSTANCE"] = "./deploy/up --replicas N runs the first gateway as a front balancing across the others on one machine; in a cluster the gateway's Service balances across its pods",
    };

    private static readonly Dictionary<string, string> Expected = new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["ASPNETCORE_HTTP_PORTS"] = "8080",
        ["Messaging__QuorumQueues"] = "true",
    };

    public static IReadOnlyList<string> Check(IReadOnlyList<Manifest> manifests, Overlay overlay, Platform platform)
    {
        var violations = new List<string>();
        var deployments = manifests.Where(m => m.Typed is V1Deployment).ToList();

        foreach (var manifest in manifests)
        {
            if (manifest.Typed is null && !CustomResources.ContainsKey($"{manifest.ApiVersion}/{manifest.Kind}"))
            {
                violations.Add($"{manifest.Id}: {manifest.ApiVersion} {manifest.Kind} is neither a built-in kind the platform uses nor a known operator's resource");
            }

            if (manifest.Kind != "Namespace" && manifest.Namespace != overlay.Namespace)
            {
                violations.Add($"{manifest.Id}: namespace '{manifest.Namespace}', not '{overlay.Namespace}'");
            }

            if (manifest.Typed is V1Secret)
            {
                violations.Add($"{manifest.Id}: a Secret in the manifests carries its values in the repository; refer to one made outside (deploy/k8s/make-secrets)");
            }

            if (manifest.Typed is V1ConfigMap configMap && (configMap.Data ?? new Dictionary<string, string>()).Any(entry => SecretText().IsMatch(entry.Value)))
            {
                violations.Add($"{manifest.Id}: a ConfigMap holds a private key or password");
            }
        }

        violations.AddRange(CheckCustomResources(manifests, overlay, platform));
        foreach (var deployment in deployments)
        {
            violations.AddRange(CheckWorkload(deployment, manifests, platform));
        }

        violations.AddRange(CheckHosts(deployments, manifests, overlay, platform));
        violations.AddRange(CheckDeployUpSettings(deployments, platform));
        violations.AddRange(CheckServices(manifests, deployments));
        violations.AddRange(CheckNetworkPolicies(manifests, deployments, platform));
        return violations;
    }

    // ---- every Deployment -----------------------------------------------------------------------------------

    private static IEnumerable<string> CheckWorkload(Manifest manifest, IReadOnlyList<Manifest> all, Platform platform)
    {
        var deployment = manifest.As<V1Deployment>();
        var pod = deployment.Spec.Template.Spec;
        var id = manifest.Id;
        if (pod.Containers is null || pod.Containers.Count == 0)
        {
            yield return $"{id}: no containers";
            yield break;
        }

        foreach (var container in pod.Containers.Concat(pod.InitContainers ?? []))
        {
            var at = $"{id} container {container.Name}";
            if (!IsPinned(container.Image))
            {
                yield return $"{at}: image '{container.Image}' has no tag or a 'latest' tag; name one build";
            }

            if (container.ReadinessProbe is null)
            {
                yield return $"{at}: no readiness probe";
            }

            if (container.LivenessProbe is null)
            {
                yield return $"{at}: no liveness probe";
            }

            foreach (var resource in new[] { "cpu", "memory" })
            {
                if (container.Resources?.Requests?.ContainsKey(resource) != true)
                {
                    yield return $"{at}: no {resource} request";
                }

                if (container.Resources?.Limits?.ContainsKey(resource) != true)
                {
                    yield return $"{at}: no {resource} limit";
                }
            }

            var security = container.SecurityContext;
            if ((security?.RunAsNonRoot ?? pod.SecurityContext?.RunAsNonRoot) != true)
            {
                yield return $"{at}: runAsNonRoot is not true";
            }

            if ((security?.RunAsUser ?? pod.SecurityContext?.RunAsUser) is null or 0)
            {
                yield return $"{at}: no non-zero runAsUser (runAsNonRoot cannot check an image whose user is a name)";
            }

            if (security?.ReadOnlyRootFilesystem != true)
            {
                yield return $"{at}: the root filesystem is not read-only";
            }

            if (security?.AllowPrivilegeEscalation != false)
            {
                yield return $"{at}: allowPrivilegeEscalation is not false";
            }

            if (security?.Capabilities?.Drop?.Contains("ALL") != true)
            {
                yield return $"{at}: capabilities are not all dropped";
            }

            foreach (var problem in CheckEnvironment(at, container, pod, all, platform))
            {
                yield return problem;
            }
        }
    }

    private static IEnumerable<string> CheckEnvironment(string at, V1Container container, V1PodSpec pod, IReadOnlyList<Manifest> all, Platform platform)
    {
        var defined = new HashSet<string>(StringComparer.Ordinal);
        foreach (var variable in container.Env ?? [])
        {
            if (variable.Value is { } value)
            {
                // Kubernetes leaves a $(NAME) it cannot resolve as it is: the host would get the text itself.
                foreach (Match reference in VariableReference().Matches(value))
                {
                    if (!defined.Contains(reference.Groups[1].Value))
                    {
                        yield return $"{at}: {variable.Name} refers to $({reference.Groups[1].Value}), which is not defined before it";
                    }
                }

                if (SecretName().IsMatch(variable.Name) || InlinePassword().IsMatch(value) || SecretText().IsMatch(value))
                {
                    yield return $"{at}: {variable.Name} has a secret value inline; take it from a Secret (valueFrom.secretKeyRef)";
                }
            }
            else if (variable.ValueFrom?.SecretKeyRef is { } secretRef)
            {
                foreach (var problem in CheckReference(at, "Secret", secretRef.Name, secretRef.Key, all, platform))
                {
                    yield return problem;
                }
            }
            else if (variable.ValueFrom?.ConfigMapKeyRef is { } configRef)
            {
                foreach (var problem in CheckReference(at, "ConfigMap", configRef.Name, configRef.Key, all, platform))
                {
                    yield return problem;
                }
            }

            defined.Add(variable.Name);
        }

        foreach (var volume in pod.Volumes ?? [])
        {
            var (kind, name) = volume.Secret is { } secret ? ("Secret", secret.SecretName)
                : volume.ConfigMap is { } map ? ("ConfigMap", map.Name)
                : (null, null);
            if (kind is not null)
            {
                foreach (var problem in CheckReference(at, kind, name ?? "", key: null, all, platform))
                {
                    yield return problem;
                }
            }
        }
    }

    /// <summary>A referenced Secret or ConfigMap (and key) exists: in the manifests, or as make-secrets makes it.</summary>
    private static IEnumerable<string> CheckReference(string at, string kind, string name, string? key, IReadOnlyList<Manifest> all, Platform platform)
    {
        IReadOnlySet<string>? keys = null;
        if (all.FirstOrDefault(m => m.Kind == kind && m.Name == name) is { } inManifests)
        {
            keys = ((inManifests.Data["data"] as JsonObject)?.Select(entry => entry.Key) ?? []).ToHashSet();
        }
        else if (platform.External.TryGetValue($"{kind}/{name}", out var external))
        {
            keys = external;
        }

        if (keys is null)
        {
            yield return $"{at}: refers to {kind} {name}, which neither the manifests nor deploy/k8s/make-secrets make";
        }
        else if (key is not null && !keys.Contains(key))
        {
            yield return $"{at}: refers to key '{key}' of {kind} {name}, which has only {string.Join(", ", keys)}";
        }
    }

    // ---- the platform's hosts --------------------------------------------------------------------------------

    private static IEnumerable<string> CheckHosts(List<Manifest> deployments, IReadOnlyList<Manifest> all, Overlay overlay, Platform platform)
    {
        var databases = DatabasesOf(all);
        foreach (var host in platform.Hosts)
        {
            var manifest = deployments.FirstOrDefault(d => d.Name == host);
            if (manifest is null)
            {
                yield return $"Deployment/{host}: missing (every host with a TalentHostName has one)";
                continue;
            }

            var deployment = manifest.As<V1Deployment>();
            var container = deployment.Spec.Template.Spec.Containers.FirstOrDefault(c => c.Name == host);
            if (container is null)
            {
                yield return $"{manifest.Id}: no container named {host}";
                continue;
            }

            var at = $"{manifest.Id} container {host}";
            if (!(container.Image ?? "").StartsWith(platform.ImageRepository(host) + ":", StringComparison.Ordinal) && !(container.Image ?? "").Contains("/" + platform.ImageRepository(host) + ":", StringComparison.Ordinal))
            {
                yield return $"{at}: image '{container.Image}' is not the host's own ({platform.ImageRepository(host)}, Directory.Build.targets)";
            }

            var port = container.Ports?.FirstOrDefault(p => p.ContainerPort == 8080);
            if (port is null)
            {
                yield return $"{at}: does not expose port 8080 (the image's ASPNETCORE_HTTP_PORTS)";
            }

            foreach (var (probe, kind, path) in new[] { (container.ReadinessProbe, "readiness", "/health/ready"), (container.LivenessProbe, "liveness", "/health/live") })
            {
                if (probe?.HttpGet is not { } get || get.Path != path || !(get.Port.Value == "8080" || get.Port.Value == port?.Name))
                {
                    yield return $"{at}: the {kind} probe is not an HTTP GET of {path} on port 8080";
                }
            }

            var environment = (container.Env ?? []).ToDictionary(e => e.Name, e => e.Value ?? (e.ValueFrom is null ? null : "(from a reference)"));
            var required = EveryHost.Concat(host == "gateway" ? Gateway : EveryService).Concat(OwnKeys.GetValueOrDefault(host) ?? []);
            foreach (var key in required)
            {
                if (!environment.TryGetValue(key, out var value) || string.IsNullOrWhiteSpace(value))
                {
                    yield return $"{at}: {key} is not set";
                }
                else if (Expected.TryGetValue(key, out var expected) && value != expected)
                {
                    yield return $"{at}: {key} is '{value}', not '{expected}'";
                }
            }

            if (environment.TryGetValue("OTEL_SERVICE_NAME", out var serviceName) && serviceName != host)
            {
                yield return $"{at}: OTEL_SERVICE_NAME is '{serviceName}', not '{host}'";
            }

            foreach (var key in Forbidden.Where(environment.ContainsKey))
            {
                yield return $"{at}: {key} is for tests on one machine, never a cluster";
            }

            if (host == "gateway")
            {
                foreach (var cluster in platform.GatewayClusters)
                {
                    var key = $"ReverseProxy__Clusters__{cluster}__Destinations__primary__Address";
                    if (!environment.TryGetValue(key, out var address) || address is null)
                    {
                        yield return $"{at}: {key} is not set (cluster {cluster} of the gateway's appsettings.json)";
                    }
                    else if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || !all.Any(m => m.Typed is V1Service s && m.Name == uri.Host && s.Spec.Ports.Any(p => p.Port == uri.Port)))
                    {
                        yield return $"{at}: {key} = {address} names no Service and port of the manifests";
                    }
                }
            }

            // Key files must be where a volume is mounted.
            foreach (var (key, path) in environment.Where(e => e.Key.EndsWith("File", StringComparison.Ordinal) || e.Key.StartsWith("Messaging__SenderKeys__", StringComparison.Ordinal)))
            {
                if (path is null || !(container.VolumeMounts ?? []).Any(mount => path.StartsWith(mount.MountPath.TrimEnd('/') + "/", StringComparison.Ordinal)))
                {
                    yield return $"{at}: {key} = {path} is not under any volume mount";
                }
            }

            if (environment.GetValueOrDefault("ConnectionStrings__Postgres") is { } connection
                && environment.GetValueOrDefault("Talent__Database") is { } database
                && (!connection.Contains($"Database={database};", StringComparison.Ordinal) || !databases.Contains(database)))
            {
                yield return $"{at}: its connection string and Talent__Database ({database}) do not name one database the PostgreSQL Cluster makes";
            }

            foreach (var problem in CheckScaling(manifest, deployment, all, overlay, host))
            {
                yield return problem;
            }
        }
    }

    private static IEnumerable<string> CheckScaling(Manifest manifest, V1Deployment deployment, IReadOnlyList<Manifest> all, Overlay overlay, string host)
    {
        var podLabels = deployment.Spec.Template.Metadata.Labels ?? new Dictionary<string, string>();
        var singleton = Overlay.Singletons.ContainsKey(host);
        var wanted = singleton ? 1 : overlay.MinimumReplicas;
        if (singleton ? deployment.Spec.Replicas != 1 : (deployment.Spec.Replicas ?? 1) < wanted)
        {
            yield return $"{manifest.Id}: {deployment.Spec.Replicas} replicas, the {overlay.Name} overlay wants {(singleton ? "exactly 1" : $"at least {wanted}")}";
        }

        if (singleton && deployment.Spec.Strategy?.Type != "Recreate")
        {
            yield return $"{manifest.Id}: runs one instance at a time ({Overlay.Singletons[host]}), so its strategy must be Recreate";
        }

        var budgets = all.Select(m => m.Typed).OfType<V1PodDisruptionBudget>().Where(b => Selects(b.Spec.Selector, podLabels)).ToList();
        if (budgets.Count != 1)
        {
            yield return $"{manifest.Id}: {budgets.Count} PodDisruptionBudgets select its pods, not 1";
        }

        var autoscalers = all.Select(m => m.Typed).OfType<V2HorizontalPodAutoscaler>()
            .Where(a => a.Spec.ScaleTargetRef.Kind == "Deployment" && a.Spec.ScaleTargetRef.Name == manifest.Name).ToList();
        if (autoscalers.Count != 1)
        {
            yield return $"{manifest.Id}: {autoscalers.Count} HorizontalPodAutoscalers scale it, not 1";
        }
        else
        {
            var autoscaler = autoscalers[0];
            if (singleton ? autoscaler.Spec.MaxReplicas != 1 : (autoscaler.Spec.MinReplicas ?? 1) < wanted)
            {
                yield return $"HorizontalPodAutoscaler/{manifest.Name}: {autoscaler.Spec.MinReplicas}–{autoscaler.Spec.MaxReplicas} replicas, the {overlay.Name} overlay wants {(singleton ? "exactly 1" : $"at least {wanted}")}";
            }

            if (autoscaler.Spec.MinReplicas > autoscaler.Spec.MaxReplicas || (autoscaler.Spec.Metrics ?? []).Count == 0)
            {
                yield return $"HorizontalPodAutoscaler/{manifest.Name}: no metric, or more replicas at least than at most";
            }
        }
    }

    /// <summary>Every setting ./deploy/up gives a host on one machine is given to some host here too, or is single-machine only.</summary>
    private static IEnumerable<string> CheckDeployUpSettings(List<Manifest> deployments, Platform platform)
    {
        var set = deployments.SelectMany(d => d.As<V1Deployment>().Spec.Template.Spec.Containers).SelectMany(c => c.Env ?? []).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var setting in platform.DeployUpSettings.Where(s => !SingleMachineOnly.ContainsKey(s)))
        {
            var pattern = new Regex("^" + Regex.Replace(Regex.Escape(setting), @"\\?\$\\?\{[^}]*}", "[A-Za-z0-9_-]+") + "$");
            if (!set.Any(pattern.IsMatch))
            {
                yield return $"./deploy/up gives its hosts {setting}, which no Deployment sets (or list it in ManifestRules.SingleMachineOnly, saying why)";
            }
        }
    }

    // ---- Services --------------------------------------------------------------------------------------------

    private static IEnumerable<string> CheckServices(IReadOnlyList<Manifest> all, List<Manifest> deployments)
    {
        foreach (var manifest in all.Where(m => m.Typed is V1Service))
        {
            var service = manifest.As<V1Service>();
            if (service.Spec.Selector is not { Count: > 0 } selector)
            {
                yield return $"{manifest.Id}: no selector";
                continue;
            }

            var targets = deployments.Select(d => d.As<V1Deployment>())
                .Where(d => Selects(new V1LabelSelector { MatchLabels = selector }, d.Spec.Template.Metadata.Labels ?? new Dictionary<string, string>())).ToList();
            if (targets.Count == 0)
            {
                yield return $"{manifest.Id}: its selector ({string.Join(", ", selector.Select(l => $"{l.Key}={l.Value}"))}) selects no Deployment's pods";
                continue;
            }

            foreach (var port in service.Spec.Ports)
            {
                var target = port.TargetPort?.Value ?? port.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var served = targets.All(d => d.Spec.Template.Spec.Containers.Any(c => (c.Ports ?? []).Any(p =>
                    p.Name == target || p.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture) == target)));
                if (!served)
                {
                    yield return $"{manifest.Id}: port {port.Name} targets '{target}', which its pods do not expose";
                }
            }
        }
    }

    // ---- NetworkPolicies -------------------------------------------------------------------------------------

    private static IEnumerable<string> CheckNetworkPolicies(IReadOnlyList<Manifest> all, List<Manifest> deployments, Platform platform)
    {
        var policies = all.Select(m => m.Typed).OfType<V1NetworkPolicy>().ToList();
        if (!policies.Any(p => p.Spec.PodSelector.MatchLabels is null or { Count: 0 } && p.Spec.PodSelector.MatchExpressions is null
            && (p.Spec.PolicyTypes ?? []).Contains("Ingress") && (p.Spec.Ingress ?? []).Count == 0))
        {
            yield return "NetworkPolicy: none refuses all ingress by default (podSelector {}, policyTypes [Ingress], no rules)";
        }

        foreach (var policy in policies)
        {
            foreach (var selector in new[] { policy.Spec.PodSelector }.Concat((policy.Spec.Ingress ?? []).SelectMany(r => r.FromProperty ?? []).Select(f => f.PodSelector).OfType<V1LabelSelector>()))
            {
                if (selector.MatchExpressions is { Count: > 0 })
                {
                    yield return $"NetworkPolicy/{policy.Metadata.Name}: uses matchExpressions, which this check cannot follow; use matchLabels";
                }
            }
        }

        var pods = deployments.ToDictionary(d => d.Name, d => d.As<V1Deployment>().Spec.Template.Metadata.Labels ?? new Dictionary<string, string>());
        if (!pods.TryGetValue("gateway", out var gatewayPods))
        {
            yield break; // reported as a missing host
        }

        foreach (var host in platform.Hosts.Where(pods.ContainsKey))
        {
            var rules = policies.Where(p => Selects(p.Spec.PodSelector, pods[host])).SelectMany(p => (p.Spec.Ingress ?? []).Select(rule => (Policy: p.Metadata.Name, Rule: rule))).ToList();
            foreach (var (policy, rule) in rules)
            {
                if (rule.FromProperty is null or { Count: 0 })
                {
                    if (host != "gateway")
                    {
                        yield return $"NetworkPolicy/{policy}: lets anyone reach {host}; only the gateway takes traffic from outside";
                    }

                    continue;
                }

                foreach (var peer in rule.FromProperty)
                {
                    if (peer.IpBlock is not null || peer.NamespaceSelector is not null)
                    {
                        yield return $"NetworkPolicy/{policy}: lets another namespace or address range reach {host}";
                    }
                    else if (peer.PodSelector is { } from)
                    {
                        var callers = pods.Where(p => Selects(from, p.Value)).Select(p => p.Key).ToList();
                        // The design: services are called by the gateway only (they meet each other on RabbitMQ).
                        foreach (var caller in callers.Where(caller => caller != "gateway"))
                        {
                            yield return $"NetworkPolicy/{policy}: lets {caller} reach {host}, which the design does not need";
                        }
                    }
                }
            }

            if (host == "gateway" && !rules.Any(r => r.Rule.FromProperty is null or { Count: 0 }))
            {
                yield return "NetworkPolicy: nothing lets traffic from outside reach the gateway";
            }

            if (host != "gateway" && !rules.Any(r => (r.Rule.FromProperty ?? []).Any(peer => peer.PodSelector is { } from && Selects(from, gatewayPods))))
            {
                yield return $"NetworkPolicy: nothing lets the gateway reach {host}";
            }
        }
    }

    private static bool Selects(V1LabelSelector? selector, IDictionary<string, string> labels) =>
        selector is not null && selector.MatchExpressions is null or { Count: 0 }
        && (selector.MatchLabels ?? new Dictionary<string, string>()).All(label => labels.TryGetValue(label.Key, out var value) && value == label.Value);

    // ---- operators' resources --------------------------------------------------------------------------------

    /// <summary>The custom resources the platform uses, with the spec fields each may have (from the operators' CRDs).</summary>
    private static readonly Dictionary<string, string[]> CustomResources = new()
    {
        ["postgresql.cnpg.io/v1/Cluster"] =
            ["instances", "imageName", "primaryUpdateStrategy", "postgresql", "bootstrap", "managed", "storage", "walStorage", "resources", "affinity", "monitoring", "backup", "description", "enableSuperuserAccess", "superuserSecret", "minSyncReplicas", "maxSyncReplicas"],
        ["rabbitmq.com/v1beta1/RabbitmqCluster"] =
            ["replicas", "image", "imagePullSecrets", "persistence", "resources", "rabbitmq", "service", "override", "affinity", "tolerations", "tls", "terminationGracePeriodSeconds", "delayStartSeconds", "secretBackend", "skipPostDeploySteps"],
        ["rabbitmq.com/v1beta1/User"] = ["rabbitmqClusterReference", "importCredentialsSecret", "tags"],
        ["rabbitmq.com/v1beta1/Permission"] = ["vhost", "user", "userReference", "permissions", "rabbitmqClusterReference"],
    };

    private static IEnumerable<string> CheckCustomResources(IReadOnlyList<Manifest> all, Overlay overlay, Platform platform)
    {
        foreach (var manifest in all.Where(m => CustomResources.ContainsKey($"{m.ApiVersion}/{m.Kind}")))
        {
            if (manifest.Data["spec"] is not JsonObject spec)
            {
                yield return $"{manifest.Id}: no spec";
                continue;
            }

            foreach (var field in spec.Select(entry => entry.Key).Except(CustomResources[$"{manifest.ApiVersion}/{manifest.Kind}"]))
            {
                yield return $"{manifest.Id}: spec.{field} is not a field of {manifest.Kind}";
            }
        }

        var clusters = all.Where(m => m.Kind == "Cluster").ToList();
        if (clusters.Count != 1)
        {
            yield return $"PostgreSQL: {clusters.Count} CloudNativePG Clusters, not 1";
        }

        foreach (var cluster in clusters)
        {
            var spec = cluster.Data["spec"] as JsonObject ?? [];
            if (!int.TryParse((string?)spec["instances"], out var instances) || instances < overlay.MinimumDataReplicas)
            {
                yield return $"{cluster.Id}: spec.instances '{spec["instances"]}', the {overlay.Name} overlay wants at least {overlay.MinimumDataReplicas}";
            }

            if (!IsPinned((string?)spec["imageName"]))
            {
                yield return $"{cluster.Id}: spec.imageName names no pinned PostgreSQL image";
            }

            if ((string?)spec["storage"]?["size"] is null)
            {
                yield return $"{cluster.Id}: spec.storage.size is required";
            }

            if ((string?)spec["postgresql"]?["parameters"]?["synchronous_commit"] != "on")
            {
                yield return $"{cluster.Id}: synchronous_commit is not 'on' (the hosts refuse to start without it)";
            }

            // No login may open another host's database, as on one machine; the application database exists only after postInitSQL.
            var initdb = spec["bootstrap"]?["initdb"];
            var beforeApplication = (initdb?["postInitSQL"] as JsonArray ?? []).Select(x => (string?)x ?? "").ToList();
            var afterApplication = (initdb?["postInitApplicationSQL"] as JsonArray ?? []).Select(x => (string?)x ?? "").ToList();
            foreach (var database in DatabasesOf([cluster]))
            {
                var revoke = $"REVOKE ALL ON DATABASE {database} FROM PUBLIC";
                var first = database == (string?)initdb?["database"];
                if (!(first ? afterApplication : beforeApplication.Concat(afterApplication)).Contains(revoke, StringComparer.OrdinalIgnoreCase))
                {
                    yield return $"{cluster.Id}: database {database} is open to every login ('{revoke}' is missing{(first ? " from postInitApplicationSQL, which runs once it exists" : "")})";
                }
            }

            var roles = (spec["managed"]?["roles"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            foreach (var host in platform.Hosts)
            {
                var role = roles.FirstOrDefault(r => (string?)r["name"] == $"talent_{host}");
                if (role is null || (string?)role["passwordSecret"]?["name"] != $"talent-postgres-{host}" || (string?)role["login"] != "true")
                {
                    yield return $"{cluster.Id}: no managed login role talent_{host} with passwordSecret talent-postgres-{host}";
                }
                else if (!platform.External.ContainsKey($"Secret/talent-postgres-{host}"))
                {
                    yield return $"{cluster.Id}: deploy/k8s/make-secrets does not make Secret talent-postgres-{host}";
                }

                if ((string?)role?["superuser"] == "true" || (string?)role?["createdb"] == "true" || (string?)role?["createrole"] == "true")
                {
                    yield return $"{cluster.Id}: talent_{host} may do more than own its database";
                }
            }
        }

        var brokers = all.Where(m => m.Kind == "RabbitmqCluster").ToList();
        if (brokers.Count != 1)
        {
            yield return $"RabbitMQ: {brokers.Count} RabbitmqClusters, not 1";
        }

        foreach (var broker in brokers)
        {
            var spec = broker.Data["spec"] as JsonObject ?? [];
            if (!int.TryParse((string?)spec["replicas"], out var replicas) || replicas < overlay.MinimumDataReplicas || replicas % 2 == 0)
            {
                yield return $"{broker.Id}: spec.replicas '{spec["replicas"]}', the {overlay.Name} overlay wants an odd number, at least {overlay.MinimumDataReplicas}";
            }

            if (!IsPinned((string?)spec["image"]))
            {
                yield return $"{broker.Id}: spec.image names no pinned RabbitMQ image";
            }
        }

        var users = all.Where(m => m.Kind == "User").ToDictionary(m => m.Name);
        foreach (var (service, rights) in platform.BrokerPermissions)
        {
            var permission = all.FirstOrDefault(m => m.Kind == "Permission" && (string?)m.Data["spec"]?["userReference"]?["name"] is { } user
                && users.TryGetValue(user, out var u) && (string?)u.Data["spec"]?["importCredentialsSecret"]?["name"] == $"talent-rabbitmq-{service}");
            if (permission is null)
            {
                yield return $"RabbitMQ: no User importing Secret talent-rabbitmq-{service} with a Permission (deploy/broker-permissions names {service})";
                continue;
            }

            var granted = permission.Data["spec"]?["permissions"];
            if ((string?)granted?["configure"] != rights.Configure || (string?)granted?["write"] != rights.Write || (string?)granted?["read"] != rights.Read)
            {
                yield return $"{permission.Id}: its rights differ from deploy/broker-permissions' line for {service}";
            }

            if ((string?)permission.Data["spec"]?["vhost"] != "/")
            {
                yield return $"{permission.Id}: not on vhost /";
            }
        }

        foreach (var reference in all.Where(m => m.Kind is "User" or "Permission"))
        {
            if (!brokers.Any(b => b.Name == (string?)reference.Data["spec"]?["rabbitmqClusterReference"]?["name"]))
            {
                yield return $"{reference.Id}: rabbitmqClusterReference names no RabbitmqCluster";
            }

            if (reference.Kind == "User" && !platform.External.ContainsKey($"Secret/{(string?)reference.Data["spec"]?["importCredentialsSecret"]?["name"]}"))
            {
                yield return $"{reference.Id}: importCredentialsSecret names no Secret deploy/k8s/make-secrets makes";
            }
        }
    }

    private static HashSet<string> DatabasesOf(IReadOnlyList<Manifest> all)
    {
        var databases = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cluster in all.Where(m => m.Kind == "Cluster"))
        {
            var initdb = cluster.Data["spec"]?["bootstrap"]?["initdb"];
            if ((string?)initdb?["database"] is { } first)
            {
                databases.Add(first);
            }

            foreach (var statement in (initdb?["postInitSQL"] as JsonArray ?? []).Select(s => (string?)s ?? ""))
            {
                if (CreateDatabase().Match(statement) is { Success: true } created)
                {
                    databases.Add(created.Groups[1].Value);
                }
            }
        }

        return databases;
    }

    /// <summary>repository:tag or repository@sha256:digest, the tag not "latest" (no tag at all means "latest").</summary>
    private static bool IsPinned(string? image)
    {
        if (string.IsNullOrWhiteSpace(image))
        {
            return false;
        }

        if (image.Contains("@sha256:", StringComparison.Ordinal))
        {
            return true;
        }

        var name = image[(image.LastIndexOf('/') + 1)..];
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && name[(colon + 1)..] is { Length: > 0 } tag && tag != "latest";
    }

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"(?i)(password|secret|token|sha256|apikey)$|__Key$")]
    private static partial Regex SecretName();

    /// <summary>A password in a connection string or URI that is not a $(reference).</summary>
    [GeneratedRegex(@"(?i)(password=(?!\$\()[^;]+|://[^/:@]+:(?!\$\()[^@]+@)")]
    private static partial Regex InlinePassword();

    [GeneratedRegex(@"-----BEGIN [A-Z ]*PRIVATE KEY-----|(?i)password\s*[:=]\s*(?!\$\()\S")]
    private static partial Regex SecretText();

    [GeneratedRegex(@"^CREATE DATABASE (\w+) OWNER \w+$", RegexOptions.IgnoreCase)]
    private static partial Regex CreateDatabase();
}
