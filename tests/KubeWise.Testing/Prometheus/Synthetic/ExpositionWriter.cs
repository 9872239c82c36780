using System.Globalization;

namespace KubeWise.Testing.Prometheus.Synthetic;

/// <summary>Writes metric families as OpenMetrics history (for <c>promtool tsdb create-blocks-from openmetrics</c>) or as a live scrape.</summary>
public static class ExpositionWriter
{
    /// <summary>
    /// Every sample of [<paramref name="from"/>, <paramref name="to"/>] (default: the cluster's whole window) with explicit timestamps,
    /// family by family and series by series, ending with <c># EOF</c>. Returns the number of samples written.
    /// </summary>
    public static long WriteOpenMetrics(SyntheticCluster cluster, TextWriter writer, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(writer);
        var first = from is { } f ? Math.Max(0, (long)Math.Ceiling((f - cluster.Start) / cluster.Step)) : 0;
        var last = to is { } t ? Math.Min(cluster.StepCount - 1, (long)Math.Floor((t - cluster.Start) / cluster.Step)) : cluster.StepCount - 1;
        var times = new SeriesTime[Math.Max(0, last - first + 1)];
        var stamps = new string[times.Length];
        for (var i = 0; i < times.Length; i++)
        {
            times[i] = cluster.TimeOf(first + i);
            stamps[i] = FormatTimestamp(times[i].UnixSeconds);
        }

        long samples = 0;
        Span<char> number = stackalloc char[64];
        foreach (var family in cluster.Families())
        {
            if (family.Series.Count == 0)
            {
                continue;
            }

            writer.Write("# HELP ");
            writer.Write(family.Name);
            writer.Write(' ');
            writer.WriteLine(family.Help);
            writer.Write("# TYPE ");
            writer.Write(family.Name);
            writer.Write(' ');
            writer.WriteLine(TypeName(family.Type));
            foreach (var series in family.Series)
            {
                for (var i = 0; i < times.Length; i++)
                {
                    if (series.Value(times[i]) is not { } value)
                    {
                        continue;
                    }

                    writer.Write(series.SampleName);
                    writer.Write(series.Labels);
                    writer.Write(' ');
                    // Formatting into a span keeps millions of samples from allocating a string each.
                    if (double.IsFinite(value) && value.TryFormat(number, out var written, default, CultureInfo.InvariantCulture))
                    {
                        writer.Write(number[..written]);
                    }
                    else
                    {
                        writer.Write(FormatValue(value));
                    }

                    writer.Write(' ');
                    writer.WriteLine(stamps[i]);
                    samples++;
                }
            }
        }

        writer.WriteLine("# EOF");
        return samples;
    }

    /// <summary>The values at <paramref name="time"/> in the Prometheus text format 0.0.4, as a live exporter serves them (no timestamps).</summary>
    public static void WriteText(IEnumerable<MetricFamily> families, SeriesTime time, TextWriter writer)
    {
        foreach (var family in families)
        {
            // The text format names a counter family by its sample name.
            var name = family.Type == MetricType.Counter ? family.Name + "_total" : family.Name;
            var header = false;
            foreach (var series in family.Series)
            {
                if (series.Value(time) is not { } value)
                {
                    continue;
                }

                if (!header)
                {
                    writer.Write($"# HELP {name} {family.Help}\n# TYPE {name} {TypeName(family.Type)}\n");
                    header = true;
                }

                writer.Write(series.SampleName);
                writer.Write(series.Labels == "{}" ? string.Empty : series.Labels);
                writer.Write(' ');
                writer.Write(FormatValue(value));
                writer.Write('\n');
            }
        }
    }

    public static string FormatValue(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString(CultureInfo.InvariantCulture);

    private static string FormatTimestamp(double unixSeconds)
    {
        var ms = (long)Math.Round(unixSeconds * 1000);
        return string.Create(CultureInfo.InvariantCulture, $"{ms / 1000}.{ms % 1000:D3}");
    }

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Histogram => "histogram",
        _ => "gauge",
    };
}
