namespace KubeWise.Core.Entities;

/// <summary>Cuts a long history (one <c>query_range</c> over the look-back) into the windows the live path would have seen.</summary>
public static class WindowSlicer
{
    /// <summary>
    /// Windows of <paramref name="length"/> ending every <paramref name="step"/>, from the first end that has a full
    /// window of history up to the last sample. Samples are shared, not copied. Facts and rollout state are carried over.
    /// </summary>
    public static IEnumerable<EntityWindow> Slide(EntityWindow history, TimeSpan length, TimeSpan step)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(length, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(step, TimeSpan.Zero);
        var first = DateTimeOffset.MaxValue;
        var last = DateTimeOffset.MinValue;
        foreach (var series in history.Metrics)
        {
            var span = series.Samples.Span;
            if (span.Length > 0)
            {
                first = span[0].Timestamp < first ? span[0].Timestamp : first;
                last = span[^1].Timestamp > last ? span[^1].Timestamp : last;
            }
        }

        if (first > last)
        {
            yield break;
        }

        for (var end = first + length; end <= last; end += step)
        {
            var start = end - length;
            var metrics = new List<MetricSeries>(history.Metrics.Count);
            foreach (var series in history.Metrics)
            {
                metrics.Add(series with { Samples = Between(series.Samples, start, end) });
            }

            yield return history with { End = end, Metrics = metrics };
        }
    }

    // Samples with start < timestamp <= end; samples are in time order, so two binary searches find them.
    private static ReadOnlyMemory<MetricSample> Between(ReadOnlyMemory<MetricSample> samples, DateTimeOffset start, DateTimeOffset end)
    {
        var span = samples.Span;
        var from = FirstAfter(span, start);
        var to = FirstAfter(span, end);
        return samples[from..to];
    }

    private static int FirstAfter(ReadOnlySpan<MetricSample> samples, DateTimeOffset time)
    {
        int low = 0, high = samples.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (samples[mid].Timestamp <= time)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
