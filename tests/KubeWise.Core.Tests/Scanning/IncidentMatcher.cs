using KubeWise.Core.Detection;
using KubeWise.Core.Entities;
using KubeWise.Core.Metrics.Catalog;
using KubeWise.Testing.Prometheus.Synthetic;

namespace KubeWise.Core.Tests.Scanning;

/// <summary>What counts as "reported on the right entity with sensible evidence" for each injected incident kind.</summary>
internal static class IncidentMatcher
{
    public static EntityRef ToRef(EntityKey key) => key.Type switch
    {
        EntityType.Deployment => EntityRef.Deployment(key.Namespace, key.Name),
        EntityType.Node => EntityRef.Node(key.Name),
        EntityType.ControlPlane => key.Name == "apiserver" ? EntityRef.ApiServer : new EntityRef(EntityKind.ControlPlane, string.Empty, key.Name),
        EntityType.Job or EntityType.CronJob => EntityRef.Job(key.Namespace, key.Name),
        _ => EntityRef.Pod(key.Namespace, key.Name),
    };

    /// <summary>True when <paramref name="anomaly"/> reports <paramref name="incident"/>: same entity, a detector or top evidence that names its cause.</summary>
    public static bool Reports(Anomaly anomaly, GroundTruthIncident incident)
    {
        if (!incident.Concerns(ToRef(anomaly.Entity)))
        {
            return false;
        }

        var top = anomaly.TopEvidence.Name;
        var forest = anomaly.Detector == Anomaly.ForestDetector;
        return incident.Kind switch
        {
            IncidentKind.CpuSaturation => forest && top.StartsWith(BuiltInQueries.CpuLimitRatio + ".", StringComparison.Ordinal),
            IncidentKind.MemoryLeak => forest && top.StartsWith(BuiltInQueries.MemoryLimitRatio + ".", StringComparison.Ordinal),
            IncidentKind.CrashLoop => anomaly.Detector is "CrashLoopBackOff" or "RestartBurst",
            IncidentKind.OomKill => anomaly.Detector == "OOMKilled" || (forest && top.StartsWith(BuiltInQueries.MemoryLimitRatio + ".", StringComparison.Ordinal)),
            IncidentKind.ReplicasUnavailable => anomaly.Detector == "ReplicasUnavailable",
            IncidentKind.NodeMemoryPressure => anomaly.Detector == "NodeMemoryPressure",
            IncidentKind.ApiServerLatency => anomaly.Detector == "ApiServerLatency",
            _ => false,
        };
    }
}
