using KubeWise.Core.Events;

namespace KubeWise.Testing.Events;

/// <summary>Events as the timer records them when it opens an incident, before its orchestration starts.</summary>
public static class DetectedEvents
{
    /// <summary>A new event (fresh anomaly id) for Deployment <paramref name="ns"/>/<paramref name="deployment"/> with one crash-loop finding of <paramref name="detector"/>.</summary>
    public static AnomalyEvent CrashLoopingDeployment(string ns, string deployment, string detector = "CrashLoopBackOff", string? instanceId = null) => new()
    {
        AnomalyId = AnomalyId.New(),
        DetectionTimestamp = DateTimeOffset.UtcNow,
        EntityId = deployment,
        EntityType = "deployment",
        Namespace = ns,
        AnomalyScore = -1.0,
        OrchestrationInstanceId = instanceId,
        Evidence = [new EvidenceItem { Detector = detector, Message = "crashloop_containers: 1 container(s) in CrashLoopBackOff", Value = 1, Threshold = 0 }],
    };
}
