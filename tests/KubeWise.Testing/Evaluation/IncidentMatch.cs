using KubeWise.Core.Detection;
using KubeWise.Core.Entities;
using KubeWise.Testing.Prometheus.Synthetic;

namespace KubeWise.Testing.Evaluation;

/// <summary>
/// What "found" means in the evaluation protocol. A finding reports an incident when it names the incident's entity (the
/// deployment, one of its affected pods, the node or the API server); for the state kinds its typed evidence must also be
/// about the right signal: CPU for CPU saturation, memory for a leak, latency for the API server. Evidence items are matched by
/// their <see cref="Evidence.Name"/> (the feature or condition signal), any item, not only the first.
/// </summary>
public static class IncidentMatch
{
    /// <summary>The kinds whose finding must carry evidence about their signal.</summary>
    public static IReadOnlySet<IncidentKind> StateKinds { get; } =
        new HashSet<IncidentKind> { IncidentKind.CpuSaturation, IncidentKind.MemoryLeak, IncidentKind.ApiServerLatency };

    public static EntityRef ToRef(EntityKey key) => key.Type switch
    {
        EntityType.Deployment => EntityRef.Deployment(key.Namespace, key.Name),
        EntityType.Node => EntityRef.Node(key.Name),
        EntityType.ControlPlane => key.Name == "apiserver" ? EntityRef.ApiServer : new EntityRef(EntityKind.ControlPlane, string.Empty, key.Name),
        EntityType.Job or EntityType.CronJob => EntityRef.Job(key.Namespace, key.Name),
        EntityType.Pod => EntityRef.Pod(key.Namespace, key.Name),
        _ => new EntityRef(EntityKind.Deployment, key.Namespace, $"{key.Type}/{key.Name}"),
    };

    /// <summary>The signal words an evidence name must contain for a state kind.</summary>
    public static IReadOnlyList<string> SignalWords(IncidentKind kind) => kind switch
    {
        IncidentKind.CpuSaturation => ["cpu"],
        IncidentKind.MemoryLeak => ["memory"],
        IncidentKind.ApiServerLatency => ["latency", "duration"],
        _ => [],
    };

    /// <summary>True when <paramref name="anomaly"/> reports <paramref name="incident"/> (see the class summary).</summary>
    public static bool Reports(Anomaly anomaly, GroundTruthIncident incident, SyntheticCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(anomaly);
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(cluster);
        if (!Concerns(incident, ToRef(anomaly.Entity), cluster))
        {
            return false;
        }

        if (!StateKinds.Contains(incident.Kind))
        {
            return true;
        }

        if (incident.Kind == IncidentKind.ApiServerLatency && anomaly.Detector == DetectorIds.ApiServerLatency)
        {
            return true;
        }

        var words = SignalWords(incident.Kind);
        return anomaly.Evidence.Any(e => words.Any(w => e.Name.Contains(w, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The incident is about <paramref name="entity"/>: its entity, an affected pod, or any pod of its deployment.</summary>
    public static bool Concerns(GroundTruthIncident incident, EntityRef entity, SyntheticCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(cluster);
        if (incident.Concerns(entity))
        {
            return true;
        }

        return entity.Kind == EntityKind.Pod
               && cluster.Pods.FirstOrDefault(p => p.Namespace == entity.Namespace && p.Name == entity.Name)?.Deployment?.Ref == incident.Entity;
    }
}
