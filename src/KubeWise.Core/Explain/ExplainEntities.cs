using KubeWise.Core.Analysis;
using KubeWise.Core.Detection;
using KubeWise.Core.Entities;
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
        var source = forest ? DetectorIds.IsolationForest : anomaly.Detector;
        return new AnomalyInput(
            anomalyId,
            ToEntityRef(anomaly.Entity),
            anomaly.Score,
            forest ? null : anomaly.Detector,
            [.. anomaly.Evidence.Select(e => new AnomalyEvidence(source, e.Name, e.Value, e.Baseline, e.Contribution, e.Description))],
            anomaly.DetectedAt);
    }

    public static EntityRef ToEntityRef(EntityKey entity) => new(entity.TypeName, entity.Namespace, entity.Name);
}
