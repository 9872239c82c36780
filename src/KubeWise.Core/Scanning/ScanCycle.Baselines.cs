using KubeWise.Core.Entities;
using KubeWise.Core.Metrics;
using KubeWise.Core.Metrics.Catalog;
using KubeWise.Core.Progress;

namespace KubeWise.Core.Scanning;

public sealed partial class ScanCycle
{
    /// <summary>
    /// The signals entities get their own baseline of: workloads' use against the limit, nodes' memory and CPU, the API
    /// server's p99 (per verb group and overall) and error ratio. Saturation and latency detectors judge against them,
    /// and a forest finding on one of them must depart from it.
    /// </summary>
    private static readonly string[] BaselineSignals =
    [
        BuiltInQueries.CpuLimitRatio, BuiltInQueries.MemoryLimitRatio, BuiltInQueries.ApiServerP99LatencyByVerbGroup,
        BuiltInQueries.NodeMemoryAvailableRatio, BuiltInQueries.NodeCpuBusyRatio, BuiltInQueries.ApiServerP99Latency, BuiltInQueries.ApiServerErrorRatio,
    ];

    private readonly Lock _baselineGate = new();
    private readonly Dictionary<string, BaselineHistory> _baselines = new(StringComparer.Ordinal);

    /// <summary>
    /// Attaches each workload's own baseline of its use against the limit (<see cref="EntityFacts.Baselines"/>): the
    /// median and spread of a coarse look-back that ends before the window. The look-back is read in full once (one
    /// range query per signal, not per entity), kept in memory, and afterwards extended by the coarse steps that are
    /// new since: at the default 5-minute step one small query per signal every tenth cycle, none in between.
    /// </summary>
    private async Task<IReadOnlyList<EntityWindow>> BaselinesAsync(
        IReadOnlyList<EntityWindow> windows, IReadOnlyList<CatalogQuery> active, OwnerMap owners, DateTimeOffset windowStart,
        IReadOnlyList<string> namespaces, RequestCounter requests, List<string> degraded, ProgressTracker progress, CancellationToken cancellationToken)
    {
        var lookback = TimeSpan.FromSeconds(_options.BaselineLookbackSeconds);
        if (lookback <= TimeSpan.Zero)
        {
            return windows;
        }

        var step = TimeSpan.FromSeconds(_options.BaselineStepSeconds);
        // On the epoch's grid, so every cycle between two steps asks nothing and the steps line up from cycle to cycle.
        var end = new DateTimeOffset(windowStart.UtcTicks - (windowStart.UtcTicks % step.Ticks), TimeSpan.Zero);
        var scope = string.Join(',', namespaces.Order(StringComparer.Ordinal));
        var found = new Dictionary<EntityKey, Dictionary<string, SignalBaseline>>();
        foreach (var query in active.Where(q => BaselineSignals.Contains(q.Id)))
        {
            BaselineHistory? history;
            lock (_baselineGate)
            {
                _baselines.TryGetValue(query.Id, out history);
            }

            var full = history is null || history.Scope != scope || end < history.End || end - history.End >= lookback;
            if (full || end > history!.End)
            {
                var from = full ? end - lookback : history!.End + step;
                if (full)
                {
                    // The one long step: the whole look-back of one signal (later cycles ask only for the new steps).
                    progress.Report($"reading {lookback.TotalHours:0.#} h of {query.Id} for baselines", timeout: TimeSpan.FromSeconds(_prometheus.TimeoutSeconds));
                }

                try
                {
                    requests.Add(1);
                    var result = await _client.QueryRangeAsync(query.Render(namespaces, RateWindow, lookback), from, end, step, cancellationToken).ConfigureAwait(false);
                    var builder = new EntityWindowBuilder(owners, namespaces, end);
                    builder.Add(query, result);
                    history = (full ? new BaselineHistory(scope) : history!).Extend(builder.Build(scoredOnly: false), query.Id, end, lookback);
                    lock (_baselineGate)
                    {
                        _baselines[query.Id] = history;
                    }
                }
                catch (PrometheusException e)
                {
                    degraded.Add($"[{query.Id}] baseline look-back error: {e.Message}");
                    if (full)
                    {
                        continue;
                    }
                }
            }

            foreach (var ((entity, series), baseline) in history!.Baselines)
            {
                if (!found.TryGetValue(entity, out var signals))
                {
                    signals = new Dictionary<string, SignalBaseline>(StringComparer.Ordinal);
                    found[entity] = signals;
                }

                signals[series] = baseline;
            }
        }

        return found.Count == 0
            ? windows
            : [.. windows.Select(w => found.TryGetValue(w.Entity, out var b) ? w with { Facts = w.Facts with { Baselines = b } } : w)];
    }

    /// <summary>
    /// One signal's look-back for every entity (and every split of it: <c>signal:read:histogram</c>), and the baselines
    /// computed from it (only where it changed).
    /// </summary>
    private sealed class BaselineHistory(string scope)
    {
        private readonly Dictionary<(EntityKey Entity, string Series), List<MetricSample>> _series = [];

        public string Scope { get; } = scope;

        public DateTimeOffset End { get; private set; } = DateTimeOffset.MinValue;

        public Dictionary<(EntityKey Entity, string Series), SignalBaseline> Baselines { get; } = [];

        public BaselineHistory Extend(IReadOnlyList<EntityWindow> update, string signal, DateTimeOffset end, TimeSpan lookback)
        {
            var changed = new HashSet<(EntityKey, string)>();
            foreach (var window in update)
            {
                foreach (var series in window.Metrics.Where(m => m.Name == signal || m.Name.StartsWith(signal + ":", StringComparison.Ordinal)))
                {
                    var key = (window.Entity, series.Name);
                    if (!_series.TryGetValue(key, out var samples))
                    {
                        samples = [];
                        _series[key] = samples;
                    }

                    foreach (var sample in series.Samples.Span)
                    {
                        if (double.IsFinite(sample.Value) && (samples.Count == 0 || sample.Timestamp > samples[^1].Timestamp))
                        {
                            samples.Add(sample);
                        }
                    }

                    changed.Add(key);
                }
            }

            var oldest = end - lookback;
            foreach (var (entity, samples) in _series)
            {
                var stale = samples.FindIndex(s => s.Timestamp >= oldest);
                if (stale != 0)
                {
                    samples.RemoveRange(0, stale < 0 ? samples.Count : stale);
                    changed.Add(entity);
                }
            }

            foreach (var entity in changed)
            {
                var samples = _series[entity];
                if (samples.Count == 0)
                {
                    _series.Remove(entity);
                    Baselines.Remove(entity);
                    continue;
                }

                Baselines[entity] = BaselineStatistics.Of(samples);
            }

            End = end;
            return this;
        }
    }
}
