using KubeWise.Core.Analysis;
using KubeWise.Core.Detection;
using KubeWise.Core.Detection.Entities;
using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Explain;

/// <summary>Translates the scan's findings into the analyzer's and the policy's terms.</summary>
public static class ExplainEntities
{
    /// <summary>The anomaly as analysis reads it; forest findings name no detector, so the runbook goes by the dominant feature.</summary>
    public static AnomalyInput ToAnomalyInput(Anomaly anomaly, string anomalyId)
    {
        ArgumentNullException.ThrowIfNull(anomaly);
        var forest = anomaly.Detector == Anomaly.ForestDetector;
        var source = forest ? DetectorTypes.Forest : anomaly.Detector;
        return new AnomalyInput(
            anomalyId,
            ToEntityRef(anomaly.Entity),
            anomaly.Score,
            forest ? null : anomaly.Detector,
            [.. anomaly.Evidence.Select(e => new AnomalyEvidence(source, e.Name, e.Value, e.Baseline, e.Contribution, e.Description))],
            anomaly.DetectedAt);
    }

    public static EntityRef ToEntityRef(EntityKey entity) =>
        new(entity.Type.ToString().ToLowerInvariant(), entity.Namespace, entity.Name);

    /// <summary>The Kubernetes object the entity is; null for entities that are not one object (the control plane, Jobs by their CronJob).</summary>
    public static ObjectReference? ToObjectReference(EntityKey entity) => entity.Type switch
    {
        EntityType.Deployment => new(KubernetesKinds.Deployment, entity.Namespace, entity.Name),
        EntityType.StatefulSet => new(KubernetesKinds.StatefulSet, entity.Namespace, entity.Name),
        EntityType.DaemonSet => new(KubernetesKinds.DaemonSet, entity.Namespace, entity.Name),
        EntityType.Pod => new(KubernetesKinds.Pod, entity.Namespace, entity.Name),
        EntityType.Node => new(KubernetesKinds.Node, null, entity.Name),
        _ => null,
    };
}
