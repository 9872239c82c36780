using KubeWise.Core.Detection;
using KubeWise.Core.Entities;
using KubeWise.Core.Metrics.Catalog;

namespace KubeWise.Core.Scanning;

public sealed partial class ScanCycle
{
    /// <summary>
    /// An HPA scales a workload on its CPU: CPU use moving with load is the HPA's input, not an incident. The forest's
    /// CPU findings on HPA-managed workloads are kept for the record unless the pods run at their limit, where the HPA
    /// evidently cannot keep up (that is CPU saturation).
    /// </summary>
    private static (List<Anomaly> Raised, List<SuppressedAnomaly> Suppressed) SuppressAutoscaling(
        DetectionResult result, IReadOnlyList<EntityWindow> windows, EntityWindowBuilder builder)
    {
        var suppressed = result.SuppressedDuringRollout.Select(a => new SuppressedAnomaly(a, "mid-rollout or scaling: pods were replaced, added or removed within the window")).ToList();
        var raised = new List<Anomaly>(result.Anomalies.Count);
        var byEntity = windows.ToDictionary(w => w.Entity);
        foreach (var anomaly in result.Anomalies)
        {
            if (anomaly.Detector == Anomaly.ForestDetector
                && anomaly.TopEvidence.Name.StartsWith(BuiltInQueries.CpuLimitRatio + ".", StringComparison.Ordinal)
                && builder.HasSignal(anomaly.Entity, BuiltInQueries.HpaDesiredReplicas)
                && byEntity.TryGetValue(anomaly.Entity, out var window)
                && LastValue(window, BuiltInQueries.CpuLimitRatio) is { } ratio
                && ratio < HpaSaturationRatio)
            {
                suppressed.Add(new SuppressedAnomaly(anomaly, $"CPU of an HPA-managed workload moved with load ({ratio:P0} of the limit; at {HpaSaturationRatio:P0} it is raised)"));
                continue;
            }

            raised.Add(anomaly);
        }

        return (raised, suppressed);
    }

    /// <summary>Share of the CPU limit from which an HPA-managed workload's CPU finding is raised after all.</summary>
    public const double HpaSaturationRatio = 0.9;

    private static double? LastValue(EntityWindow window, string signal)
    {
        var series = window.Metrics.FirstOrDefault(m => m.Name == signal);
        return series is { Samples.Length: > 0 } ? series.Samples.Span[^1].Value : null;
    }
}
