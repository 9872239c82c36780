using KubeWise.Core.Entities;
using KubeWise.Core.Metrics.Catalog;

namespace KubeWise.Core.Detection.Detectors;

/// <summary>
/// API-server p99 request latency above the threshold; at twice the threshold it is critical. Judged per verb group
/// (read, write) when Prometheus has them, from the SLI histogram when the cluster exposes it (webhook time and
/// long-running requests left out), else over all short-running verbs. With an hour of the group's own baseline, a
/// p99 at least <see cref="DepartureFactor"/> times its usual level (and above <see cref="DepartureFloorSeconds"/> and five
/// baseline spreads) for the last <see cref="DepartureSustain"/> is flagged below the threshold too: 40 ms becoming 400 ms
/// is a sixfold slowdown of every request.
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
            var slow = facts.ApiServerLatencies.Select(l => (Latency: l, Baseline: BaselineOf(facts, l))).Where(l => IsSlow(l.Latency, l.Baseline)).ToList();
            if (slow.Count == 0)
            {
                return null;
            }

            var worst = slow.Max(l => l.Latency.P99Seconds);
            var total = slow.Sum(l => l.Latency.P99Seconds);
            var evidence = slow.Select(l => new Evidence(
                $"histogram_quantile(0.99, {l.Latency.Histogram}_bucket{{verb_group=\"{l.Latency.VerbGroup}\"}})",
                $"API-server p99 latency of {l.Latency.VerbGroup} requests ({l.Latency.Verbs}) {DetectorFinding.Format(l.Latency.P99Seconds)} s (threshold: {DetectorFinding.Format(thresholdSeconds)} s{Usual(l.Baseline)}; {l.Latency.Histogram})",
                l.Latency.P99Seconds, l.Baseline?.Level ?? thresholdSeconds, l.Baseline is { } b ? (l.Latency.P99Seconds - b.Level) / Math.Max(b.Spread, 0.001) : null,
                l.Latency.P99Seconds / total)).ToArray();
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

    /// <summary>How many times its usual p99 a verb group must take to count as slow below the threshold.</summary>
    public const double DepartureFactor = 4;

    /// <summary>A p99 below this is never flagged, however many times its baseline (a few ms becoming a few more).</summary>
    public const double DepartureFloorSeconds = 0.25;

    /// <summary>
    /// How long a p99 below the threshold must have stayed departed from its baseline: a p99 of a few requests a second
    /// jumps for a scrape or two when a handful of them are slow; a slowdown holds.
    /// </summary>
    public static TimeSpan DepartureSustain => VerbGroupLatency.RecentSpan;

    private bool IsSlow(VerbGroupLatency latency, SignalBaseline? baseline) =>
        latency.P99Seconds > thresholdSeconds
        || (baseline is { Points: >= SaturationDetector.MinimumBaselinePoints } b && Departs(latency.P99Seconds, b)
            && Departs(latency.LowestRecentP99Seconds ?? latency.P99Seconds, b));

    private static bool Departs(double p99, SignalBaseline baseline) =>
        p99 >= DepartureFloorSeconds && p99 >= DepartureFactor * baseline.Level && p99 - baseline.Level >= 5 * baseline.Spread;

    private static SignalBaseline? BaselineOf(EntityFacts facts, VerbGroupLatency latency) =>
        facts.Baselines.TryGetValue($"{BuiltInQueries.ApiServerP99LatencyByVerbGroup}:{latency.VerbGroup}:{latency.Histogram}", out var baseline) ? baseline : null;

    private static string Usual(SignalBaseline? baseline) => baseline is { Points: >= SaturationDetector.MinimumBaselinePoints } b
        ? $", usually {DetectorFinding.Format(b.Level)} s over the previous {(b.To - b.From).TotalHours:0.#} h"
        : string.Empty;

    private AnomalySeverity SeverityOf(double p99) => p99 >= 2 * thresholdSeconds ? AnomalySeverity.Critical : AnomalySeverity.Warning;
}
