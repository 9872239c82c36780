using KubeWise.Core.Entities;
using KubeWise.Core.Metrics.Catalog;

namespace KubeWise.Core.Scanning;

/// <summary>
/// Reads the detector facts and the rollout state of an entity from the signal series of its window, so the live path
/// and every training window cut from history get them the same way.
/// </summary>
public static class EntityFactsReader
{
    /// <summary>A last sample older than this before the window's end is stale: the series is gone (Prometheus' own lookback delta).</summary>
    public static readonly TimeSpan Staleness = TimeSpan.FromMinutes(5);

    /// <param name="window">An entity window carrying every signal of the catalog.</param>
    /// <param name="scored">Signals to keep for scoring (the forest's features); null keeps all. Fact-only signals
    /// (restarts, generations, replica counts) are read here and then dropped, so nothing judges them as metrics.</param>
    /// <param name="since">Facts come only from samples at or after this time (see <see cref="ScanRequest.Since"/>): a
    /// restart or an OOM kill before a fix says nothing about the fix. Null: the whole window.</param>
    public static EntityWindow Complete(EntityWindow window, IReadOnlySet<string>? scored = null, DateTimeOffset? since = null)
    {
        ArgumentNullException.ThrowIfNull(window);
        var series = new Dictionary<string, MetricSeries>(StringComparer.Ordinal);
        var factWindow = since is { } from
            ? window with { Metrics = [.. window.Metrics.Select(m => m with { Samples = From(m.Samples, from) })] }
            : window;
        foreach (var metric in factWindow.Metrics)
        {
            series.TryAdd(metric.Name, metric);
        }

        double? Last(string name) => series.TryGetValue(name, out var s) ? LastValue(s.Samples.Span, window.End) : null;
        int? Count(string name) => Last(name) is { } v ? (int)Math.Round(v) : null;

        var facts = new EntityFacts
        {
            CrashLoopBackOffContainers = Count(BuiltInQueries.CrashLoopContainers),
            OomKilledContainers = Count(BuiltInQueries.OomKilledContainers),
            RestartsInWindow = series.TryGetValue(BuiltInQueries.Restarts, out var restarts) ? Increase(restarts.Samples.Span) : null,
            ReplicasDesired = Count(BuiltInQueries.ReplicasDesired),
            ReplicasAvailable = Count(BuiltInQueries.ReplicasAvailable),
            ReplicasUnavailable = Count(BuiltInQueries.ReplicasUnavailable),
            ReplicasUnavailableSince = series.TryGetValue(BuiltInQueries.ReplicasUnavailable, out var unavailable)
                ? RunStart(unavailable.Samples.Span, window.End, v => v > 0)
                : null,
            NodeConditions = NodeConditions(factWindow),
            ApiServerP99LatencySeconds = Last(BuiltInQueries.ApiServerP99Latency),
            ApiServerLatencies = VerbGroupLatencies(factWindow),
        };

        var replicaSets = series.TryGetValue(EntityWindowBuilder.ReplicaSetsSignal, out var sets) ? Max(sets.Samples.Span) : 0;
        // A scale-out or scale-in adds or removes pods: per-pod figures shift for as long as the window holds the change.
        var scaling = series.TryGetValue(BuiltInQueries.ReplicasDesired, out var desired) && Varies(desired.Samples.Span);
        var generation = Last(BuiltInQueries.Generation);
        var observed = Last(BuiltInQueries.ObservedGeneration);
        var rollout = new RolloutState(
            generation is { } g ? (long)g : null,
            observed is { } o ? (long)o : null,
            PodsBeingReplaced: replicaSets > 1 || scaling);
        var metrics = scored is null ? window.Metrics : [.. window.Metrics.Where(m => scored.Contains(m.Name))];
        return window with { Facts = facts, Rollout = rollout, Metrics = metrics };
    }

    /// <summary>
    /// Increase of a counter summed over pods: only rises count. A drop is a pod leaving (its restarts leave the sum with
    /// it), not a counter reset, so the reset rule of a single counter would invent restarts.
    /// </summary>
    public static double Increase(ReadOnlySpan<MetricSample> samples)
    {
        var total = 0.0;
        var previous = double.NaN;
        foreach (var sample in samples)
        {
            if (!double.IsFinite(sample.Value))
            {
                continue;
            }

            if (!double.IsNaN(previous) && sample.Value > previous)
            {
                total += sample.Value - previous;
            }

            previous = sample.Value;
        }

        return total;
    }

    /// <summary>True when a finite sample lies at or after <paramref name="since"/>.</summary>
    public static bool HasSampleSince(ReadOnlySpan<MetricSample> samples, DateTimeOffset since)
    {
        for (var i = samples.Length - 1; i >= 0 && samples[i].Timestamp >= since; i--)
        {
            if (double.IsFinite(samples[i].Value))
            {
                return true;
            }
        }

        return false;
    }

    // Samples are in time order: the tail from the first sample at or after the bound.
    private static ReadOnlyMemory<MetricSample> From(ReadOnlyMemory<MetricSample> samples, DateTimeOffset since)
    {
        var span = samples.Span;
        var first = span.Length;
        while (first > 0 && span[first - 1].Timestamp >= since)
        {
            first--;
        }

        return samples[first..];
    }

    private static double? LastValue(ReadOnlySpan<MetricSample> samples, DateTimeOffset end)
    {
        for (var i = samples.Length - 1; i >= 0; i--)
        {
            if (double.IsFinite(samples[i].Value))
            {
                return samples[i].Timestamp >= end - Staleness ? samples[i].Value : null;
            }
        }

        return null;
    }

    private static bool Varies(ReadOnlySpan<MetricSample> samples)
    {
        for (var i = 1; i < samples.Length; i++)
        {
            if (samples[i].Value != samples[0].Value && double.IsFinite(samples[i].Value))
            {
                return true;
            }
        }

        return false;
    }

    private static double Max(ReadOnlySpan<MetricSample> samples)
    {
        var max = 0.0;
        foreach (var sample in samples)
        {
            max = Math.Max(max, sample.Value);
        }

        return max;
    }

    /// <summary>First sample of the run of samples meeting <paramref name="holds"/> that reaches the window's end; null when the last sample does not meet it.</summary>
    private static DateTimeOffset? RunStart(ReadOnlySpan<MetricSample> samples, DateTimeOffset end, Func<double, bool> holds)
    {
        if (samples.Length == 0 || !holds(samples[^1].Value) || samples[^1].Timestamp < end - Staleness)
        {
            return null;
        }

        var start = samples[^1].Timestamp;
        for (var i = samples.Length - 1; i >= 0 && holds(samples[i].Value); i--)
        {
            start = samples[i].Timestamp;
        }

        return start;
    }

    private static IReadOnlyList<VerbGroupLatency> VerbGroupLatencies(EntityWindow window)
    {
        if (window.Entity.Type != EntityType.ControlPlane)
        {
            return [];
        }

        var prefix = BuiltInQueries.ApiServerP99LatencyByVerbGroup + ":";
        var latencies = new List<VerbGroupLatency>();
        foreach (var metric in window.Metrics)
        {
            var parts = metric.Name.StartsWith(prefix, StringComparison.Ordinal) ? metric.Name[prefix.Length..].Split(':') : [];
            if (parts.Length == 2 && parts[0].Length > 0 && LastValue(metric.Samples.Span, window.End) is { } p99 && double.IsFinite(p99))
            {
                latencies.Add(new VerbGroupLatency(parts[0], parts[1], p99) { LowestRecentP99Seconds = Lowest(metric.Samples.Span, window.End - VerbGroupLatency.RecentSpan, window.End) ?? p99 });
            }
        }

        return [.. latencies.OrderByDescending(l => l.P99Seconds).ThenBy(l => l.VerbGroup, StringComparer.Ordinal)];
    }

    /// <summary>The lowest finite value from <paramref name="from"/> to <paramref name="end"/>; null when there is none.</summary>
    private static double? Lowest(ReadOnlySpan<MetricSample> samples, DateTimeOffset from, DateTimeOffset end)
    {
        double? lowest = null;
        foreach (var sample in samples)
        {
            if (sample.Timestamp >= from && sample.Timestamp <= end && double.IsFinite(sample.Value) && !(sample.Value >= lowest))
            {
                lowest = sample.Value;
            }
        }

        return lowest;
    }

    private static IReadOnlyList<NodeCondition> NodeConditions(EntityWindow window)
    {
        if (window.Entity.Type != EntityType.Node)
        {
            return [];
        }

        var prefix = BuiltInQueries.NodeCondition + ":";
        var conditions = new List<NodeCondition>();
        foreach (var metric in window.Metrics)
        {
            if (!metric.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var parts = metric.Name[prefix.Length..].Split(':');
            if (parts.Length != 2 || RunStart(metric.Samples.Span, window.End, v => v >= 1) is not { } since)
            {
                continue;
            }

            var status = parts[1].ToLowerInvariant() switch
            {
                "true" => ConditionStatus.True,
                "false" => ConditionStatus.False,
                _ => ConditionStatus.Unknown,
            };
            conditions.Add(new NodeCondition(parts[0], status, since));
        }

        return conditions;
    }
}
