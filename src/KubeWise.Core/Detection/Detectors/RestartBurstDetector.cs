using KubeWise.Core.Entities;

namespace KubeWise.Core.Detection.Detectors;

/// <summary>Several container restarts within one window. A single restart (a deploy, a node drain, one bad request) is normal life.</summary>
public sealed class RestartBurstDetector(int threshold) : IAnomalyDetector
{
    public string Name => DetectorIds.RestartBurst;

    public Anomaly? Detect(EntityWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.Facts.RestartsInWindow is not { } restarts || restarts < threshold)
        {
            return null;
        }

        var severity = restarts >= 2 * threshold ? AnomalySeverity.Critical : AnomalySeverity.Warning;
        return DetectorFinding.Create(window, Name, severity, DetectorFinding.Condition(
            "kube_pod_container_status_restarts_total",
            $"{DetectorFinding.Format(restarts)} container restarts within the window (threshold: {threshold})",
            restarts, threshold));
    }
}
