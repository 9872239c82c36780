namespace KubeWise.Testing.Kubernetes;

/// <summary>A resource the fake API server serves, with the subresources the real server offers for it.</summary>
public sealed record FakeResourceType(
    string Group,
    string Version,
    string Resource,
    string Kind,
    bool Namespaced,
    bool HasStatus,
    bool HasScale = false)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public static IReadOnlyList<FakeResourceType> All { get; } =
    [
        new("", "v1", "pods", "Pod", Namespaced: true, HasStatus: true),
        new("", "v1", "nodes", "Node", Namespaced: false, HasStatus: true),
        new("", "v1", "namespaces", "Namespace", Namespaced: false, HasStatus: true),
        new("", "v1", "events", "Event", Namespaced: true, HasStatus: false),
        new("events.k8s.io", "v1", "events", "Event", Namespaced: true, HasStatus: false),
        new("apps", "v1", "deployments", "Deployment", Namespaced: true, HasStatus: true, HasScale: true),
        new("apps", "v1", "replicasets", "ReplicaSet", Namespaced: true, HasStatus: true, HasScale: true),
        new("apps", "v1", "statefulsets", "StatefulSet", Namespaced: true, HasStatus: true, HasScale: true),
        new("apps", "v1", "daemonsets", "DaemonSet", Namespaced: true, HasStatus: true),
        new("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", Namespaced: true, HasStatus: true),
        new("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", Namespaced: true, HasStatus: true),
        new("", "v1", "configmaps", "ConfigMap", Namespaced: true, HasStatus: false),
    ];

    public static FakeResourceType? Find(string group, string version, string resource) =>
        All.FirstOrDefault(t => t.Group == group && t.Version == version && t.Resource == resource);

    public static FakeResourceType ForApiVersionKind(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : apiVersion[..slash];
        var version = slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
        return All.FirstOrDefault(t => t.Group == group && t.Version == version && t.Kind == kind)
            ?? throw new ArgumentException($"The fake API server does not serve {apiVersion} {kind}.");
    }
}
