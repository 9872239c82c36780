using KubeWise.Core.Events;

namespace KubeWise.Core.Tests.Events;

internal static class EventSamples
{
    public static readonly DateTimeOffset Start = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    public static AnomalyEvent Detected(
        string? id = null,
        string entityId = "nginx",
        string entityType = "deployment",
        string? ns = "default",
        DateTimeOffset? detectedAt = null,
        double score = -0.351234567890123) => new()
        {
            AnomalyId = id ?? AnomalyId.New(),
            DetectionTimestamp = detectedAt ?? Start,
            EntityId = entityId,
            EntityType = entityType,
            Namespace = ns,
            AnomalyScore = score,
            MetricsSnapshot =
            [
                new MetricSnapshot
                {
                    Query = "sum(rate(container_cpu_usage_seconds_total{pod=~\"nginx-.*\"}[5m])) by (pod)",
                    Labels = new Dictionary<string, string> { ["pod"] = "nginx-7b9b4b6fb7-abcd1", ["app.kubernetes.io/name"] = "nginx" },
                    Values = [new MetricPoint(1618245000, "0.21"), new MetricPoint(1618245015.5, "0.65")],
                },
            ],
            Evidence = [new EvidenceItem { Detector = "cpu_spike", Message = "CPU 3.1x its 1h baseline", Value = 0.65, Threshold = 0.4 }],
        };
}
