using System.Text.Json.Nodes;
using k8s.Models;
using KubeWise.Testing.Kubernetes;

namespace KubeWise.EndToEnd.Tests.Harness;

/// <summary>What the scenarios read back from the fake API server and from event JSON.</summary>
internal static class Scenario
{
    /// <summary>Writes to the Deployment that changed it (not dry-runs, not refused).</summary>
    public static IReadOnlyList<RecordedRequest> DeploymentChanges(FakeKubernetesApiServer kube, string ns, string name) =>
        [.. kube.Writes.Where(r => r.Resource == "deployments" && r.Namespace == ns && r.Name == name && !r.DryRun && r.StatusCode is >= 200 and < 300)];

    /// <summary>The Kubernetes Events KubeWise created in <paramref name="ns"/>.</summary>
    public static IReadOnlyList<Corev1Event> KubeWiseEvents(FakeKubernetesApiServer kube, string ns) =>
        [.. kube.List<Corev1Event>(ns).Where(e => e.Reason?.StartsWith("KubeWise", StringComparison.Ordinal) == true)];

    /// <summary>The statuses the event went through, from its audit trail.</summary>
    public static string[] StatusTrail(JsonNode anomaly) =>
        [.. anomaly["audit_trail"]!.AsArray().Select(a => a!["to_status"]?.GetValue<string>()).OfType<string>()];
}
