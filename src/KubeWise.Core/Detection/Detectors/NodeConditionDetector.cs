using KubeWise.Core.Entities;

namespace KubeWise.Core.Detection.Detectors;

/// <summary>
/// One node condition gone bad: Ready not True (NotReady or Unknown: the kubelet stopped reporting), or a pressure
/// condition True. One instance per condition, so each has its own name and can fail on its own.
/// </summary>
public sealed class NodeConditionDetector : IAnomalyDetector
{
    private readonly string _condition;
    private readonly AnomalySeverity _severity;

    private NodeConditionDetector(string name, string condition, AnomalySeverity severity)
    {
        Name = name;
        _condition = condition;
        _severity = severity;
    }

    public static NodeConditionDetector NotReady() => new(DetectorIds.NodeNotReady, NodeConditionTypes.Ready, AnomalySeverity.Critical);

    public static NodeConditionDetector MemoryPressure() => new(DetectorIds.NodeMemoryPressure, NodeConditionTypes.MemoryPressure, AnomalySeverity.Warning);

    public static NodeConditionDetector DiskPressure() => new(DetectorIds.NodeDiskPressure, NodeConditionTypes.DiskPressure, AnomalySeverity.Warning);

    public static NodeConditionDetector PidPressure() => new(DetectorIds.NodePidPressure, NodeConditionTypes.PidPressure, AnomalySeverity.Warning);

    public string Name { get; }

    public Anomaly? Detect(EntityWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.Entity.Type != EntityType.Node)
        {
            return null;
        }

        var condition = window.Facts.NodeConditions.FirstOrDefault(c => string.Equals(c.Type, _condition, StringComparison.OrdinalIgnoreCase));
        if (condition is null)
        {
            return null;
        }

        var isReady = _condition == NodeConditionTypes.Ready;
        var bad = isReady ? condition.Status != ConditionStatus.True : condition.Status == ConditionStatus.True;
        if (!bad)
        {
            return null;
        }

        var expected = isReady ? "True" : "False";
        var since = condition.Since is { } s ? $" since {s:O}" : string.Empty;
        return DetectorFinding.Create(window, Name, _severity, DetectorFinding.Condition(
            $"kube_node_status_condition{{condition=\"{condition.Type}\",status=\"{condition.Status.ToString().ToLowerInvariant()}\"}}",
            $"node condition {condition.Type} is {condition.Status}{since} (healthy: {expected})",
            1, 0) with { Onset = condition.Since });
    }
}
