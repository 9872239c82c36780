namespace KubeWise.Core.Remediation.Execution;

/// <summary>One RBAC rule the executor needs: API group, resource (with subresource), verbs.</summary>
public sealed record ApiPermission(string Group, string Resource, IReadOnlyList<string> Verbs);

/// <summary>
/// Every API call the executor and the cluster-facts reader make, as RBAC rules: the source of the ClusterRole.
/// A test runs every operation, rollback and fact read against the fake API server and checks that the recorded
/// requests are exactly these.
/// </summary>
public static class ExecutorPermissions
{
    public static IReadOnlyList<ApiPermission> All { get; } =
    [
        new("", "pods", ["get", "list", "patch", "delete"]),
        new("", "pods/eviction", ["create"]),
        new("", "nodes", ["get", "list", "patch"]),
        new("", "namespaces", ["get"]),
        new("", "events", ["create"]),
        new("apps", "deployments", ["get", "patch"]),
        new("apps", "deployments/scale", ["update"]),
        new("apps", "statefulsets", ["get", "patch"]),
        new("apps", "statefulsets/scale", ["update"]),
        new("apps", "daemonsets", ["get", "patch"]),
        new("apps", "replicasets", ["get", "list"]),
        new("autoscaling", "horizontalpodautoscalers", ["list"]),
        new("policy", "poddisruptionbudgets", ["list"]),
    ];
}
