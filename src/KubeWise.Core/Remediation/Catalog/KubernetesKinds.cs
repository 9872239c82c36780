namespace KubeWise.Core.Remediation.Catalog;

/// <summary>The object kinds a remediation command can target, spelled as the Kubernetes API spells them.</summary>
public static class KubernetesKinds
{
    public const string Deployment = "Deployment";
    public const string StatefulSet = "StatefulSet";
    public const string DaemonSet = "DaemonSet";
    public const string ReplicaSet = "ReplicaSet";
    public const string Pod = "Pod";
    public const string Node = "Node";
    public const string Namespace = "Namespace";
    public const string HorizontalPodAutoscaler = "HorizontalPodAutoscaler";

    /// <summary>Kinds a user-defined operation may patch: workloads and nodes, never cluster plumbing.</summary>
    public static IReadOnlyList<string> Patchable { get; } = [Deployment, StatefulSet, DaemonSet, Node];

    public static bool IsNamespaced(string kind) => !string.Equals(kind, Node, StringComparison.Ordinal)
        && !string.Equals(kind, Namespace, StringComparison.Ordinal);
}
