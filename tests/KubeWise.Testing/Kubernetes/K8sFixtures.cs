using k8s.Models;

namespace KubeWise.Testing.Kubernetes;

public static class K8sFixtures
{
    public static V1Namespace Namespace(string name, IDictionary<string, string>? annotations = null) => new()
    {
        ApiVersion = "v1",
        Kind = "Namespace",
        Metadata = new V1ObjectMeta { Name = name, Annotations = annotations },
    };

    public static V2HorizontalPodAutoscaler Hpa(string ns, string name, string targetKind, string targetName, int min, int max) => new()
    {
        ApiVersion = "autoscaling/v2",
        Kind = "HorizontalPodAutoscaler",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new V2HorizontalPodAutoscalerSpec
        {
            MinReplicas = min,
            MaxReplicas = max,
            ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = targetKind, Name = targetName },
        },
    };

    /// <summary>
    /// The usual chain, as the deployment controller leaves it after a finished rollout: namespace, Deployment web,
    /// its ReplicaSet web-6d4f, and pod web-6d4f-x2v9q on <paramref name="node"/>. Returns the Deployment and the pod.
    /// </summary>
    public static (V1Deployment Deployment, V1Pod Pod) DeploymentWithPod(FakeKubernetesApiServer server, string ns = "shop", string node = "worker-1")
    {
        server.Add(Namespace(ns));
        var d = K8sObjects.Deployment(ns, "web");
        d.Status.UpdatedReplicas = d.Spec.Replicas;
        var deployment = server.Add(d);
        var rs = server.Add(K8sObjects.ReplicaSet(deployment, 2, "nginx:1.27", "6d4f"));
        var pod = server.Add(K8sObjects.Pod(ns, "web-6d4f-x2v9q", node, K8sObjects.Owner("apps/v1", "ReplicaSet", rs.Metadata.Name, rs.Metadata.Uid),
            new Dictionary<string, string> { ["app"] = "web", ["pod-template-hash"] = "6d4f" }));
        return (deployment, pod);
    }
}
