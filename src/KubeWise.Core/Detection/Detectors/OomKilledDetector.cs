using KubeWise.Core.Entities;

namespace KubeWise.Core.Detection.Detectors;

/// <summary>
/// A container whose last termination was an OOM kill. The reason stays set until the next termination, so an OOM
/// kill long ago is only reported when the container also restarted within the window (or restarts are not measured).
/// </summary>
public sealed class OomKilledDetector : IAnomalyDetector
{
    public string Name => DetectorIds.OomKilled;

    public Anomaly? Detect(EntityWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var facts = window.Facts;
        if (facts.OomKilledContainers is not ({ } count and > 0) || facts.RestartsInWindow is <= 0)
        {
            return null;
        }

        var evidence = new List<Evidence>
        {
            DetectorFinding.Condition(
                "kube_pod_container_status_last_terminated_reason{reason=\"OOMKilled\"}",
                $"{count} container(s) last terminated by the OOM killer (threshold: at least 1)",
                count, 1, 0.7),
        };
        if (facts.RestartsInWindow is { } restarts)
        {
            evidence.Add(DetectorFinding.Condition(
                "kube_pod_container_status_restarts_total",
                $"{DetectorFinding.Format(restarts)} restart(s) within the window (threshold: at least 1)",
                restarts, 1, 0.3));
        }

        return DetectorFinding.Create(window, Name, AnomalySeverity.Critical, [.. evidence]);
    }
}
