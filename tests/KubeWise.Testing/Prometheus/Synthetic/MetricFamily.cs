namespace KubeWise.Testing.Prometheus.Synthetic;

/// <summary>Prometheus metric types the generator writes.</summary>
public enum MetricType
{
    Gauge,
    Counter,
    Histogram,
}

/// <summary>
/// One series: its full sample name (with <c>_total</c>, <c>_bucket</c>… suffix), its rendered label set (<c>{a="b"}</c>),
/// and its value at a time; <c>null</c> when the series does not exist then (a pod not yet created or gone).
/// </summary>
public sealed record SyntheticSeries(string SampleName, string Labels, Func<SeriesTime, double?> Value);

/// <summary>A point in generated time: unix seconds, the step index since the scenario start, and the step length.</summary>
public readonly record struct SeriesTime(double UnixSeconds, long StepIndex, double StepSeconds)
{
    public DateTimeOffset Timestamp => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(UnixSeconds * 1000));
}

/// <summary>A metric family: name (without <c>_total</c> for counters, as OpenMetrics names families), type, help and its series.</summary>
public sealed record MetricFamily(string Name, MetricType Type, string Help, IReadOnlyList<SyntheticSeries> Series);

/// <summary>Renders label sets in exposition syntax, escaping as the formats require.</summary>
public static class LabelText
{
    public static string Of(params (string Name, string Value)[] labels)
    {
        var builder = new System.Text.StringBuilder("{");
        for (var i = 0; i < labels.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append(labels[i].Name).Append("=\"")
                .Append(labels[i].Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal))
                .Append('"');
        }

        return builder.Append('}').ToString();
    }
}
