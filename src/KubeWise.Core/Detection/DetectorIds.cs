namespace KubeWise.Core.Detection;

/// <summary>
/// The names of everything that flags an anomaly: the forest and each deterministic detector. These are the values
/// events, incident books and analysis carry (the event's evidence <c>detector</c>), so they never change spelling.
/// </summary>
public static class DetectorIds
{
    public const string IsolationForest = "IsolationForest";
    public const string CrashLoopBackOff = "CrashLoopBackOff";
    public const string OomKilled = "OOMKilled";
    public const string RestartBurst = "RestartBurst";
    public const string ReplicasUnavailable = "ReplicasUnavailable";
    public const string NodeNotReady = "NodeNotReady";
    public const string NodeMemoryPressure = "NodeMemoryPressure";
    public const string NodeDiskPressure = "NodeDiskPressure";
    public const string NodePidPressure = "NodePIDPressure";
    public const string ApiServerLatency = "ApiServerLatency";
    public const string FlatLine = "FlatLine";

    /// <summary>CPU use pinned near the limit, departing from the workload's own baseline.</summary>
    public const string CpuNearLimit = "CpuNearLimit";

    /// <summary>Memory use near the limit, departing from the workload's own baseline (a leak, a load change).</summary>
    public const string MemoryNearLimit = "MemoryNearLimit";

    public static IReadOnlyList<string> All { get; } =
    [
        IsolationForest, CrashLoopBackOff, OomKilled, RestartBurst, ReplicasUnavailable, NodeNotReady, NodeMemoryPressure,
        NodeDiskPressure, NodePidPressure, ApiServerLatency, FlatLine, MemoryNearLimit, CpuNearLimit,
    ];

    /// <summary>The detectors that report a node condition (node operations answer only these, or a node entity).</summary>
    public static IReadOnlyList<string> NodeConditions { get; } = [NodeNotReady, NodeMemoryPressure, NodeDiskPressure, NodePidPressure];

    /// <summary>
    /// The id a person's or a tool's spelling names (<c>crash_loop_back_off</c>, <c>oomkilled</c>): case, <c>_</c> and
    /// <c>-</c> are ignored. Null when it names none.
    /// </summary>
    public static string? Find(string? name)
    {
        var wanted = Fold(name);
        return wanted.Length == 0 ? null : All.FirstOrDefault(id => Fold(id) == wanted);
    }

    private static string Fold(string? name) =>
        (name ?? string.Empty).Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
}
