namespace KubeWise.Core.Entities;

public enum MetricKind
{
    /// <summary>A value that goes up and down (memory working set, CPU usage rate, p99 latency).</summary>
    Gauge,

    /// <summary>A monotonically increasing total that resets to zero when its process restarts (restarts, errors, bytes).</summary>
    Counter,
}
