using KubeWise.Core.Entities;

namespace KubeWise.Core.Remediation.Catalog;

/// <summary>The Kubernetes object an entity is, in the policy's and the executor's terms.</summary>
public static class EntityObjects
{
    /// <summary>The object the entity is; null for entities that are not one object (the control plane, Jobs, CronJobs).</summary>
    public static ObjectReference? ToObjectReference(this EntityKey entity) => entity.Type switch
    {
        EntityType.Deployment => new(KubernetesKinds.Deployment, entity.Namespace, entity.Name),
        EntityType.StatefulSet => new(KubernetesKinds.StatefulSet, entity.Namespace, entity.Name),
        EntityType.DaemonSet => new(KubernetesKinds.DaemonSet, entity.Namespace, entity.Name),
        EntityType.Pod => new(KubernetesKinds.Pod, entity.Namespace, entity.Name),
        EntityType.Node => new(KubernetesKinds.Node, null, entity.Name),
        _ => null,
    };

    /// <summary>
    /// The scope the policy judges a command's target against: the object, or for an entity that is not one object a
    /// reference no command can target (its type name as the kind), so scope checks refuse rather than guess.
    /// </summary>
    public static ObjectReference ToScope(this EntityKey entity) =>
        entity.ToObjectReference() ?? new ObjectReference(entity.TypeName, entity.NamespaceOrNull, entity.Name);
}
