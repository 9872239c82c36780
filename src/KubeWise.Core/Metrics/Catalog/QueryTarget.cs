namespace KubeWise.Core.Metrics.Catalog;

/// <summary>What one series of a query's answer measures, i.e. which labels name its entity.</summary>
public enum QueryTarget
{
    /// <summary>A pod's controller: labels <c>namespace</c>, <c>owner_kind</c>, <c>owner_name</c> (ReplicaSet, StatefulSet, DaemonSet, Job).</summary>
    Workload,

    /// <summary>A deployment: labels <c>namespace</c>, <c>deployment</c>.</summary>
    Deployment,

    /// <summary>A pod: labels <c>namespace</c>, <c>pod</c>; resolved to its owner like the workload queries.</summary>
    Pod,

    /// <summary>A node: label <c>node</c>.</summary>
    Node,

    /// <summary>The control plane: one series (the API server).</summary>
    ControlPlane,

    /// <summary>Decided per result series from its labels (owner, deployment, pod, node; none: the control plane). For queries from configuration.</summary>
    Auto,
}

/// <summary>How several series of one entity and signal become one (the pods of two ReplicaSets during a rolling update).</summary>
public enum SeriesAggregation
{
    Sum,
    Max,
}
