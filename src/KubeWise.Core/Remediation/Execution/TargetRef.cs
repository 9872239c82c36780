namespace KubeWise.Core.Remediation.Execution;

/// <summary>The object a command acts on. <see cref="Namespace"/> is null for nodes.</summary>
public sealed record TargetRef(string Kind, string? Namespace, string Name)
{
    public static TargetRef Deployment(string ns, string name) => new("Deployment", ns, name);

    public static TargetRef Node(string name) => new("Node", null, name);

    public static TargetRef Pod(string ns, string name) => new("Pod", ns, name);

    public string ApiVersion => Kind switch
    {
        "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" => "apps/v1",
        _ => "v1",
    };

    public override string ToString() => Namespace is null ? $"{Kind.ToLowerInvariant()}/{Name}" : $"{Kind.ToLowerInvariant()} {Namespace}/{Name}";
}
