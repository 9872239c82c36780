using KubeWise.Core.Entities;

namespace KubeWise.Core.Detection.Detectors;

/// <summary>Any container of the entity waiting in CrashLoopBackOff: the kubelet has given up restarting it promptly.</summary>
public sealed class CrashLoopBackOffDetector : IAnomalyDetector
{
    public string Name => DetectorIds.CrashLoopBackOff;

    public Anomaly? Detect(EntityWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.Facts.CrashLoopBackOffContainers is not ({ } count and > 0))
        {
            return null;
        }

        return DetectorFinding.Create(window, Name, AnomalySeverity.Critical, DetectorFinding.Condition(
            "kube_pod_container_status_waiting_reason{reason=\"CrashLoopBackOff\"}",
            $"{count} container(s) waiting in CrashLoopBackOff (threshold: at least 1)",
            count, 1));
    }
}
