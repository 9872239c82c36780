using System.Globalization;
using KubeWise.Core.Analysis;
using KubeWise.Core.Entities;
using KubeWise.Core.Metrics;
using AnalysisEntityFacts = KubeWise.Core.Analysis.EntityFacts;

namespace KubeWise.Core.Investigation;

/// <summary>
/// What kube-state-metrics tells Prometheus about a workload: each container's CPU and memory limits and requests
/// (<c>kube_pod_container_resource_limits</c> / <c>_requests</c>) and the desired and available replica counts. Two
/// instant queries per incident, only when one is analysed; without a kubeconfig this is what the analysis knows of
/// the workload, and with one it fills what the cluster read left empty.
/// </summary>
public sealed class PrometheusFactsReader(IPrometheusClient prometheus)
{
    /// <summary>Where the facts came from, for the incident's note.</summary>
    public const string Source = "limits, requests and replica counts from Prometheus (kube-state-metrics)";

    /// <summary>The facts Prometheus holds at <paramref name="at"/>; null when it holds none for this entity.</summary>
    /// <exception cref="PrometheusException">Prometheus could not answer.</exception>
    public async Task<AnalysisEntityFacts?> ReadAsync(EntityKey entity, DateTimeOffset at, CancellationToken ct = default)
    {
        if (Pods(entity) is not { } pods)
        {
            return null;
        }

        var ns = Quote(entity.Namespace);
        var resources = await prometheus.QueryAsync(
            $"max by (container, resource, kind) ((label_replace(kube_pod_container_resource_limits{{namespace={ns}}}, \"kind\", \"limit\", \"\", \"\") " +
            $"or label_replace(kube_pod_container_resource_requests{{namespace={ns}}}, \"kind\", \"request\", \"\", \"\")) * on (namespace, pod) group_left () {pods})",
            at, ct).ConfigureAwait(false);
        var containers = resources.Series
            .Where(s => s.Label("container").Length > 0 && s.Samples.Count > 0 && double.IsFinite(s.Samples[^1].Value))
            .GroupBy(s => s.Label("container"), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                string? Get(string resource, string kind) => g.FirstOrDefault(s => s.Label("resource") == resource && s.Label("kind") == kind) is { } s
                    ? Format(resource, s.Samples[^1].Value)
                    : null;
                return new ContainerResources(g.Key, Get("cpu", "request"), Get("cpu", "limit"), Get("memory", "request"), Get("memory", "limit"));
            })
            .ToList();

        var (desired, available) = await ReplicasAsync(entity, ct, at).ConfigureAwait(false);
        return containers.Count == 0 && desired is null && available is null
            ? null
            : new AnalysisEntityFacts(DesiredReplicas: desired, AvailableReplicas: available, Containers: containers);
    }

    /// <summary><paramref name="known"/> with what it lacks taken from <paramref name="fromPrometheus"/>: the cluster's own answer wins.</summary>
    public static AnalysisEntityFacts Fill(AnalysisEntityFacts known, AnalysisEntityFacts fromPrometheus)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(fromPrometheus);
        return known with
        {
            DesiredReplicas = known.DesiredReplicas ?? fromPrometheus.DesiredReplicas,
            AvailableReplicas = known.AvailableReplicas ?? fromPrometheus.AvailableReplicas,
            Containers = known.ContainersOrEmpty.Count > 0 ? known.Containers : fromPrometheus.Containers,
        };
    }

    private async Task<(int? Desired, int? Available)> ReplicasAsync(EntityKey entity, CancellationToken ct, DateTimeOffset at)
    {
        var (desiredMetric, availableMetric, label) = entity.Type switch
        {
            EntityType.Deployment => ("kube_deployment_spec_replicas", "kube_deployment_status_replicas_available", "deployment"),
            EntityType.StatefulSet => ("kube_statefulset_replicas", "kube_statefulset_status_replicas_ready", "statefulset"),
            EntityType.DaemonSet => ("kube_daemonset_status_desired_number_scheduled", "kube_daemonset_status_number_available", "daemonset"),
            _ => (null, null, null),
        };
        if (desiredMetric is null)
        {
            return (null, null);
        }

        var selector = $"{{namespace={Quote(entity.Namespace)},{label}={Quote(entity.Name)}}}";
        var result = await prometheus.QueryAsync(
            $"label_replace(max({desiredMetric}{selector}), \"fact\", \"desired\", \"\", \"\") or label_replace(max({availableMetric}{selector}), \"fact\", \"available\", \"\", \"\")",
            at, ct).ConfigureAwait(false);
        int? Value(string fact) => result.Series.FirstOrDefault(s => s.Label("fact") == fact) is { Samples.Count: > 0 } s && double.IsFinite(s.Samples[^1].Value)
            ? (int)Math.Round(s.Samples[^1].Value)
            : null;
        return (Value("desired"), Value("available"));
    }

    // One series per pod of the workload, to join the per-container series with.
    private static string? Pods(EntityKey entity)
    {
        var ns = Quote(entity.Namespace);
        var name = Quote(entity.Name);
        return entity.Type switch
        {
            EntityType.Pod => $"max by (namespace, pod) (kube_pod_owner{{namespace={ns},pod={name}}})",
            EntityType.Deployment =>
                $"max by (namespace, pod) (kube_pod_owner{{namespace={ns},owner_kind=\"ReplicaSet\"}} * on (namespace, owner_name) group_left () " +
                $"max by (namespace, owner_name) (label_replace(kube_replicaset_owner{{namespace={ns},owner_kind=\"Deployment\",owner_name={name}}}, \"owner_name\", \"$1\", \"replicaset\", \"(.*)\")))",
            EntityType.StatefulSet or EntityType.DaemonSet or EntityType.Job =>
                $"max by (namespace, pod) (kube_pod_owner{{namespace={ns},owner_kind=\"{entity.Type}\",owner_name={name}}})",
            _ => null,
        };
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    // Kubernetes quantity notation, as a pod spec would say it: memory in Mi/Ki when whole, CPU in millicores.
    private static string Format(string resource, double value)
    {
        if (resource == "cpu")
        {
            return Math.Round(value * 1000).ToString(CultureInfo.InvariantCulture) + "m";
        }

        var bytes = (long)Math.Round(value);
        return bytes % (1024 * 1024) == 0 ? (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + "Mi"
            : bytes % 1024 == 0 ? (bytes / 1024).ToString(CultureInfo.InvariantCulture) + "Ki"
            : bytes.ToString(CultureInfo.InvariantCulture);
    }
}
