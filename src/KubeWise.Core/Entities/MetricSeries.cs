namespace KubeWise.Core.Entities;

/// <summary>
/// One metric of one entity over the window, samples in time order (as Prometheus' <c>query_range</c> returns them).
/// A sample that is not later than the one before it is ignored.
/// </summary>
public sealed record MetricSeries(string Name, MetricKind Kind, ReadOnlyMemory<MetricSample> Samples)
{
    public static MetricSeries Gauge(string name, params MetricSample[] samples) => new(name, MetricKind.Gauge, samples);

    public static MetricSeries Counter(string name, params MetricSample[] samples) => new(name, MetricKind.Counter, samples);
}
