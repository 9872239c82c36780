using KubeWise.Core.Analysis;
using KubeWise.Core.Detection;

namespace KubeWise.Core.Tests.Analysis;

/// <summary>Sample incidents: a crash-looping pod of Deployment shop/checkout on node worker-2, and friends.</summary>
internal static class Incidents
{
    public static readonly DateTimeOffset DetectedAt = new(2026, 11, 26, 7, 0, 0, TimeSpan.Zero);

    public static readonly EntityRef Deployment = new("deployment", "shop", "checkout");

    public static EntityFacts PodFacts(string? annotation = null) => new(
        Labels: new Dictionary<string, string> { ["app"] = "checkout" },
        Annotations: annotation is null ? null : new Dictionary<string, string> { ["kubewise.io/note"] = annotation },
        Owners: [new("replicaset", "shop", "checkout-7d9f8"), Deployment],
        NodeName: "worker-2",
        DesiredReplicas: 3,
        AvailableReplicas: 2,
        Containers: [new("checkout", CpuRequest: "250m", CpuLimit: "500m", MemoryRequest: "256Mi", MemoryLimit: "512Mi")],
        Baseline: new Dictionary<string, double> { ["restarts"] = 0, ["memory"] = 300, ["cpu"] = 0.2 },
        Revision: 14);

    public static AnalysisRequest CrashLoop(string podName = "checkout-7d9f8-x2k4q", EntityFacts? facts = null, int tokensSpent = 0) => new AnalysisRequest(
        new AnomalyInput(
            "a-crash-1",
            new EntityRef("pod", "shop", podName),
            -0.42,
            DetectorIds.CrashLoopBackOff,
            [
                new AnomalyEvidence(DetectorIds.CrashLoopBackOff, "restarts", 7, 0, 0.8, "7 restarts in 10 min"),
                new AnomalyEvidence(DetectorIds.IsolationForest, "memory", 480, 300, 0.2),
            ],
            DetectedAt),
        facts ?? PodFacts(),
        tokensSpent).WithLive();

    public static AnalysisRequest Detector(string detector, EntityRef entity, EntityFacts facts, string feature = "restarts", double score = -0.3) => new AnalysisRequest(
        new AnomalyInput("a-" + detector, entity, score, detector, [new AnomalyEvidence(detector, feature, 1, 0, 1)], DetectedAt),
        facts).WithLive();

    public static AnalysisRequest Forest(EntityRef entity, EntityFacts facts, string dominantFeature, double score = -0.35) => new AnalysisRequest(
        new AnomalyInput("a-forest", entity, score, null,
            [
                new AnomalyEvidence(DetectorIds.IsolationForest, "other", 1, 1, 0.1),
                new AnomalyEvidence(DetectorIds.IsolationForest, dominantFeature, 9, 1, 0.7),
            ],
            DetectedAt),
        facts).WithLive();

    /// <summary>A structured-output answer as Gemini would give it for <see cref="CrashLoop"/>.</summary>
    public static object GoodAnswer() => new
    {
        root_cause = "The checkout container crashes on start after the latest rollout.",
        severity = "HIGH",
        description = "Pods of checkout restart repeatedly; the new revision fails its start-up.",
        confidence = 0.82,
        commands = new object[]
        {
            new { operation = "restart_deployment", name = "checkout", ns = "shop", rationale = "Clear transient state." },
            new { operation = "rollback_deployment", name = "checkout", ns = "shop", rationale = "Return to the last good revision." },
        },
    };
}
