namespace KubeWise.Core.Detection.Entities;

/// <summary>Identifies one monitored entity. <paramref name="Namespace"/> is empty for cluster-scoped entities (nodes, the control plane).</summary>
public readonly record struct EntityKey(EntityType Type, string Namespace, string Name)
{
    public static EntityKey Node(string name) => new(EntityType.Node, string.Empty, name);

    public static EntityKey ControlPlane(string name = "apiserver") => new(EntityType.ControlPlane, string.Empty, name);

    /// <summary>The seed's form, <c>deployment/nginx-deployment</c>, with the namespace when there is one: <c>deployment/default/nginx</c>.</summary>
    public override string ToString()
    {
        var type = Type.ToString().ToLowerInvariant();
        return string.IsNullOrEmpty(Namespace) ? $"{type}/{Name}" : $"{type}/{Namespace}/{Name}";
    }
}
