using KubeWise.Testing.Prometheus;

namespace KubeWise.Testing.Cluster;

/// <summary>
/// The series one simulated workload serves this step. <see cref="PublishTo"/> sets them on the exporter and removes the
/// ones the previous step served and this one did not (a replaced pod's series go stale, as with kube-state-metrics).
/// </summary>
internal sealed class SeriesSet
{
    private readonly Dictionary<string, (string Name, double Value, (string Name, string Value)[] Labels)> _series = new(StringComparer.Ordinal);

    public void Set(string name, double value, params (string Name, string Value)[] labels) =>
        _series[Key(name, labels)] = (name, value, labels);

    public void PublishTo(LoopbackExporter exporter, SeriesSet? previous)
    {
        foreach (var (_, (name, value, labels)) in _series)
        {
            exporter.Set(name, value, labels);
        }

        foreach (var (key, (name, _, labels)) in previous?._series ?? [])
        {
            if (!_series.ContainsKey(key))
            {
                exporter.Remove(name, labels);
            }
        }
    }

    public void RemoveFrom(LoopbackExporter exporter)
    {
        foreach (var (_, (name, _, labels)) in _series)
        {
            exporter.Remove(name, labels);
        }
    }

    private static string Key(string name, (string Name, string Value)[] labels) =>
        name + "{" + string.Join(",", labels.OrderBy(l => l.Name, StringComparer.Ordinal).Select(l => $"{l.Name}={l.Value}")) + "}";
}
