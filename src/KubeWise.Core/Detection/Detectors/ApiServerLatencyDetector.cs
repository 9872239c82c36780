using KubeWise.Core.Entities;

namespace KubeWise.Core.Detection.Detectors;

/// <summary>
/// API-server p99 request latency above the threshold; at twice the threshold it is critical. Judged per verb group
/// (read, write) when Prometheus has them, from the SLI histogram when the cluster exposes it (webhook time and
/// long-running requests left out), else over all short-running verbs.
/// </summary>
public sealed class ApiServerLatencyDetector(double thresholdSeconds) : IAnomalyDetector
{
    public string Name => DetectorIds.ApiServerLatency;

    public Anomaly? Detect(EntityWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.Entity.Type != EntityType.ControlPlane)
        {
            return null;
        }

        var facts = window.Facts;
        if (facts.ApiServerLatencies.Count > 0)
        {
            var slow = facts.ApiServerLatencies.Where(l => l.P99Seconds > thresholdSeconds).ToList();
            if (slow.Count == 0)
            {
                return null;
            }

            var worst = slow[0].P99Seconds;
            var evidence = slow.Select(l => DetectorFinding.Condition(
                $"histogram_quantile(0.99, {l.Histogram}_bucket{{verb_group=\"{l.VerbGroup}\"}})",
                $"API-server p99 latency of {l.VerbGroup} requests ({l.Verbs}) {DetectorFinding.Format(l.P99Seconds)} s (threshold: {DetectorFinding.Format(thresholdSeconds)} s; {l.Histogram})",
                l.P99Seconds, thresholdSeconds, l.P99Seconds / slow.Sum(s => s.P99Seconds))).ToArray();
            return DetectorFinding.Create(window, Name, SeverityOf(worst), evidence);
        }

        if (facts.ApiServerP99LatencySeconds is not { } p99 || !double.IsFinite(p99) || p99 <= thresholdSeconds)
        {
            return null;
        }

        return DetectorFinding.Create(window, Name, SeverityOf(p99), DetectorFinding.Condition(
            "histogram_quantile(0.99, apiserver_request_duration_seconds_bucket)",
            $"API-server p99 latency {DetectorFinding.Format(p99)} s (threshold: {DetectorFinding.Format(thresholdSeconds)} s)",
            p99, thresholdSeconds));
    }

    private AnomalySeverity SeverityOf(double p99) => p99 >= 2 * thresholdSeconds ? AnomalySeverity.Critical : AnomalySeverity.Warning;
}
