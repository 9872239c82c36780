using KubeWise.Testing.Prometheus;

namespace KubeWise.Functions.Tests.Orchestrations;

/// <summary>
/// The kube-state-metrics series of the harness's Deployment shop/web (one pod), served by the live fixture's exporter
/// and scraped by the real Prometheus every second: the verification scan reads them like production does.
/// </summary>
internal static class ClusterMetrics
{
    private const string Pod = "web-6d4f-x2v9q";

    public static void Serve(LoopbackExporter exporter, bool crashLooping)
    {
        var ns = ("namespace", WorkflowHarness.Namespace);
        exporter.Set("kube_pod_owner", 1, ns, ("pod", Pod), ("owner_kind", "ReplicaSet"), ("owner_name", "web-6d4f"), ("owner_is_controller", "true"));
        exporter.Set("kube_replicaset_owner", 1, ns, ("replicaset", "web-6d4f"), ("owner_kind", "Deployment"), ("owner_name", WorkflowHarness.Deployment));
        exporter.Set("kube_deployment_spec_replicas", 3, ns, ("deployment", WorkflowHarness.Deployment));
        exporter.Set("kube_deployment_status_replicas_available", crashLooping ? 2 : 3, ns, ("deployment", WorkflowHarness.Deployment));
        exporter.Set("kube_pod_container_status_waiting_reason", crashLooping ? 1 : 0, ns, ("pod", Pod), ("container", "app"), ("reason", "CrashLoopBackOff"));
    }

    /// <summary>The fix worked: no container waits in CrashLoopBackOff any more.</summary>
    public static void Heal(LoopbackExporter exporter) => Serve(exporter, crashLooping: false);
}
