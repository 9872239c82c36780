namespace KubeWise.Core.Entities;

/// <summary>Well-known node condition types (<c>kube_node_status_condition{condition=...}</c>).</summary>
public static class NodeConditionTypes
{
    public const string Ready = "Ready";
    public const string MemoryPressure = "MemoryPressure";
    public const string DiskPressure = "DiskPressure";
    public const string PidPressure = "PIDPressure";
}

public enum ConditionStatus
{
    True,
    False,
    Unknown,
}

/// <summary>One node condition as kube-state-metrics reports it; <paramref name="Since"/> is its last transition when known.</summary>
public sealed record NodeCondition(string Type, ConditionStatus Status, DateTimeOffset? Since = null);
