namespace KubeWise.Core.Remediation.Catalog;

/// <summary>A Kubernetes object by kind, namespace (null for cluster-scoped kinds) and name.</summary>
public sealed record ObjectReference(string Kind, string? Namespace, string Name)
{
    /// <summary>A stable key such as <c>Deployment/default/nginx</c> or <c>Node/worker-1</c>.</summary>
    public string Key => Namespace is null ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";

    public bool Matches(ObjectReference other) =>
        string.Equals(Kind, other.Kind, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Namespace ?? string.Empty, other.Namespace ?? string.Empty, StringComparison.Ordinal)
        && string.Equals(Name, other.Name, StringComparison.Ordinal);

    public override string ToString() => Key;
}
