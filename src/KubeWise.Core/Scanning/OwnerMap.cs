using System.Text.RegularExpressions;
using KubeWise.Core.Entities;
using KubeWise.Core.Metrics;

namespace KubeWise.Core.Scanning;

/// <summary>
/// Controller → top-level owner: ReplicaSet → Deployment (<c>kube_replicaset_owner</c>), Job → CronJob
/// (<c>kube_job_owner</c>), and pod → controller for pod-level queries (<c>kube_pod_owner</c>). When kube-state-metrics
/// does not say, the naming convention of the controllers (<c>name-podtemplatehash</c>, <c>cronjob-minutes</c>) decides.
/// </summary>
public sealed partial class OwnerMap
{
    private readonly Dictionary<(string Namespace, string Name), (string Kind, string Name)> _replicaSets = [];
    private readonly Dictionary<(string Namespace, string Name), (string Kind, string Name)> _jobs = [];
    private readonly Dictionary<(string Namespace, string Name), (string Kind, string Name)> _pods = [];

    public static OwnerMap Empty => new();

    public void AddReplicaSets(PrometheusQueryResult result) => Add(result, "replicaset", _replicaSets);

    public void AddJobs(PrometheusQueryResult result) => Add(result, "job_name", _jobs);

    public void AddPods(PrometheusQueryResult result) => Add(result, "pod", _pods);

    /// <summary>
    /// Takes the answer of one of <see cref="Metrics.Catalog.BuiltInQueries.ResolutionQueries"/>; false (nothing taken)
    /// for any other query, whose answer is a metric.
    /// </summary>
    public bool TryAdd(string queryId, PrometheusQueryResult result)
    {
        switch (queryId)
        {
            case Metrics.Catalog.BuiltInQueries.ReplicaSetOwners:
                AddReplicaSets(result);
                return true;
            case Metrics.Catalog.BuiltInQueries.JobOwners:
                AddJobs(result);
                return true;
            case Metrics.Catalog.BuiltInQueries.PodOwnerMap:
                AddPods(result);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The entity a controller belongs to, or null for kinds KubeWise does not judge (Node-owned static pods, custom controllers).</summary>
    public EntityKey? ResolveController(string ns, string kind, string name)
    {
        switch (kind)
        {
            case "ReplicaSet":
                if (_replicaSets.TryGetValue((ns, name), out var rsOwner))
                {
                    return rsOwner.Kind == "Deployment" ? new EntityKey(EntityType.Deployment, ns, rsOwner.Name) : null;
                }

                var hashed = PodTemplateHash().Match(name);
                return hashed.Success ? new EntityKey(EntityType.Deployment, ns, hashed.Groups[1].Value) : null;
            case "Job":
                if (_jobs.TryGetValue((ns, name), out var jobOwner))
                {
                    return jobOwner.Kind == "CronJob" ? new EntityKey(EntityType.CronJob, ns, jobOwner.Name) : new EntityKey(EntityType.Job, ns, name);
                }

                var scheduled = CronJobSuffix().Match(name);
                return scheduled.Success ? new EntityKey(EntityType.CronJob, ns, scheduled.Groups[1].Value) : new EntityKey(EntityType.Job, ns, name);
            case "StatefulSet":
                return new EntityKey(EntityType.StatefulSet, ns, name);
            case "DaemonSet":
                return new EntityKey(EntityType.DaemonSet, ns, name);
            default:
                return null;
        }
    }

    /// <summary>The entity of a pod: its controller's, or the pod itself when no owner is known.</summary>
    public EntityKey? ResolvePod(string ns, string pod) =>
        _pods.TryGetValue((ns, pod), out var owner) ? ResolveController(ns, owner.Kind, owner.Name) : new EntityKey(EntityType.Pod, ns, pod);

    private static void Add(PrometheusQueryResult result, string nameLabel, Dictionary<(string, string), (string, string)> map)
    {
        foreach (var series in result.Series)
        {
            var ns = series.Label("namespace");
            var name = series.Label(nameLabel);
            var kind = series.Label("owner_kind");
            if (name.Length > 0 && kind.Length > 0 && kind != "<none>")
            {
                map[(ns, name)] = (kind, series.Label("owner_name"));
            }
        }
    }

    // The Deployment controller names ReplicaSets <deployment>-<pod-template-hash> from this alphabet.
    [GeneratedRegex("^(.+)-[bcdfghjklmnpqrstvwxz2456789]{6,10}$")]
    private static partial Regex PodTemplateHash();

    // The CronJob controller names Jobs <cronjob>-<scheduled time in minutes>.
    [GeneratedRegex("^(.+)-[0-9]{8,10}$")]
    private static partial Regex CronJobSuffix();
}
