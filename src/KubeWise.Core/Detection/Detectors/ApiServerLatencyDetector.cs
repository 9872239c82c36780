using KubeWise.Core.Entities;

namespace KubeWise.Core.Detection.Detectors;

/// <summary>API-server p99 request latency above the threshold; at twice the threshold it is critical.</summary>
public sealed class ApiServerLatencyDetector(double thresholdSeconds) : IAnomalyDetector
{
    public string Name => DetectorIds.ApiServerLatency;

    public Anomaly? Detect(EntityWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.Entity.Type != EntityType.ControlPlane
            || window.Facts.ApiServerP99LatencySeconds is not { } p99
            || !double.IsFinite(p99)
            || p99 <= thresholdSeconds)
        {
            return null;
        }

        var severity = p99 >= 2 * thresholdSeconds ? AnomalySeverity.Critical : AnomalySeverity.Warning;
        return DetectorFinding.Create(window, Name, severity, DetectorFinding.Condition(
            "histogram_quantile(0.99, apiserver_request_duration_seconds_bucket)",
            $"API-server p99 latency {DetectorFinding.Format(p99)} s (threshold: {DetectorFinding.Format(thresholdSeconds)} s)",
            p99, thresholdSeconds));
    }
}
