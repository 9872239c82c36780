using KubeWise.Core.Entities;

namespace KubeWise.Core.Detection.Detectors;

/// <summary>
/// A deployment with unavailable replicas for longer than the grace period. Rolling updates and scale-ups make
/// replicas briefly unavailable; the grace period lets them finish. No available replica at all is critical.
/// </summary>
public sealed class ReplicasUnavailableDetector(TimeSpan gracePeriod) : IAnomalyDetector
{
    public string Name => DetectorIds.ReplicasUnavailable;

    public Anomaly? Detect(EntityWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var facts = window.Facts;
        if (window.Entity.Type != EntityType.Deployment || facts.ReplicasUnavailable is not ({ } unavailable and > 0))
        {
            return null;
        }

        // Without a start time the duration is unknown; the grace period cannot be shown to have passed.
        if (facts.ReplicasUnavailableSince is not { } since)
        {
            return null;
        }

        var duration = window.End - since;
        if (duration < gracePeriod)
        {
            return null;
        }

        var severity = facts.ReplicasAvailable == 0 ? AnomalySeverity.Critical : AnomalySeverity.Warning;
        var desired = facts.ReplicasDesired is { } d ? $" of {d} desired" : string.Empty;
        var available = facts.ReplicasAvailable is { } a ? $", {a} available" : string.Empty;
        return DetectorFinding.Create(window, Name, severity,
            DetectorFinding.Condition(
                "kube_deployment_status_replicas_unavailable",
                $"{unavailable} replica(s) unavailable{desired}{available} for {Minutes(duration)} (grace period: {Minutes(gracePeriod)})",
                unavailable, 0, 0.6) with { Onset = since },
            DetectorFinding.Condition(
                "replicas_unavailable_seconds",
                $"unavailable since {since:O}",
                duration.TotalSeconds, gracePeriod.TotalSeconds, 0.4) with { Onset = since });
    }

    private static string Minutes(TimeSpan span) => $"{DetectorFinding.Format(span.TotalMinutes)} min";
}
