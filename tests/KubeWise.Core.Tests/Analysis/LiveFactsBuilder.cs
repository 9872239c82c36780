using KubeWise.Core.Analysis;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Policy;

namespace KubeWise.Core.Tests.Analysis;

/// <summary>
/// Live cluster facts for an incident, as the Kubernetes side gathers them: the entity, its owners and its node with
/// UIDs and generations, the namespace, and a cluster of <c>nodeCount</c> nodes.
/// </summary>
internal static class LiveFactsBuilder
{
    public static LiveFacts For(AnomalyInput anomaly, EntityFacts facts, int nodeCount = 10)
    {
        var entity = Reference(anomaly.Entity);
        var owners = facts.OwnersOrEmpty.Select(o => Object(Reference(o), facts)).ToArray();
        var node = anomaly.Entity.IsNode ? anomaly.Entity.Name : facts.NodeName;
        List<ObjectFacts> objects = [Object(entity, facts), .. owners];
        if (node is not null && !anomaly.Entity.IsNode)
        {
            objects.Add(Object(new ObjectReference(KubernetesKinds.Node, null, node), EntityFacts.None));
        }

        var incident = new RemediationFacts
        {
            AnomalousEntity = entity,
            OwnerChain = owners,
            EntityNode = node,
            Namespaces = string.IsNullOrEmpty(anomaly.Entity.Namespace) ? [] : [new NamespaceFacts(anomaly.Entity.Namespace)],
            Cluster = new ClusterFacts(nodeCount, []),
        };
        return new LiveFacts(incident, objects);
    }

    public static AnalysisRequest WithLive(this AnalysisRequest request) =>
        request with { Live = For(request.Anomaly, request.Facts) };

    private static ObjectFacts Object(ObjectReference reference, EntityFacts facts) =>
        new(reference, "uid-" + reference.Key.Replace('/', '-').ToLowerInvariant(), 7)
        {
            Labels = facts.LabelsOrEmpty,
            Replicas = reference.Kind is KubernetesKinds.Deployment or KubernetesKinds.StatefulSet ? facts.DesiredReplicas : null,
            Containers = reference.Kind is KubernetesKinds.Deployment or KubernetesKinds.StatefulSet or KubernetesKinds.DaemonSet
                ? [.. facts.ContainersOrEmpty.Select(Container)]
                : [],
        };

    private static ContainerFacts Container(ContainerResources c) => new(c.Name)
    {
        Requests = Values(("cpu", c.CpuRequest), ("memory", c.MemoryRequest)),
        Limits = Values(("cpu", c.CpuLimit), ("memory", c.MemoryLimit)),
    };

    private static Dictionary<string, string> Values(params (string Key, string? Value)[] values) =>
        values.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value!);

    private static ObjectReference Reference(EntityRef entity)
    {
        var kind = entity.Type.ToLowerInvariant() switch
        {
            "pod" => KubernetesKinds.Pod,
            "deployment" => KubernetesKinds.Deployment,
            "statefulset" => KubernetesKinds.StatefulSet,
            "daemonset" => KubernetesKinds.DaemonSet,
            "replicaset" => KubernetesKinds.ReplicaSet,
            "node" => KubernetesKinds.Node,
            _ => entity.Type,
        };
        return new ObjectReference(kind, KubernetesKinds.IsNamespaced(kind) && !string.IsNullOrEmpty(entity.Namespace) ? entity.Namespace : null, entity.Name);
    }
}
