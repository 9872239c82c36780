namespace KubeWise.Core.Analysis.Rules;

internal static class WorkloadKinds
{
    public static bool IsWorkload(string type) =>
        type.ToLowerInvariant() is "deployment" or "statefulset" or "daemonset";

    public static bool IsScalable(string type) =>
        type.ToLowerInvariant() is "deployment" or "statefulset";

    /// <summary>The workload the entity is or belongs to (nearest workload in the owner chain); none for a node.</summary>
    public static EntityRef? Of(AnomalyInput anomaly, EntityFacts facts) =>
        anomaly.Entity.IsNode ? null
        : IsWorkload(anomaly.Entity.Type) ? anomaly.Entity
        : facts.OwnersOrEmpty.FirstOrDefault(o => IsWorkload(o.Type));

    /// <summary>The node the entity is or runs on.</summary>
    public static string? Node(AnomalyInput anomaly, EntityFacts facts) =>
        anomaly.Entity.IsNode ? anomaly.Entity.Name : facts.NodeName;

    public static CommandProposal Restart(EntityRef workload, string why) =>
        CommandProposal.Of($"restart_{workload.Type.ToLowerInvariant()}", ("name", workload.Name), ("ns", workload.Namespace)) with { Rationale = why };

    public static CommandProposal Scale(EntityRef workload, int replicas, string why) =>
        CommandProposal.Of($"scale_{workload.Type.ToLowerInvariant()}", ("name", workload.Name), ("ns", workload.Namespace), ("replicas", replicas)) with { Rationale = why };
}
