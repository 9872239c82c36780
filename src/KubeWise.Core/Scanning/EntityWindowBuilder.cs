using KubeWise.Core.Entities;
using KubeWise.Core.Metrics;
using KubeWise.Core.Metrics.Catalog;

namespace KubeWise.Core.Scanning;

/// <summary>
/// Turns the answers of one cycle's queries into one <see cref="EntityWindow"/> per entity: each result series is
/// resolved to its entity (controller → Deployment/StatefulSet/DaemonSet/CronJob, node, control plane) and series
/// of the same entity and signal are combined, so a rolling update (a new ReplicaSet, new pod names) stays one entity.
/// </summary>
public sealed class EntityWindowBuilder
{
    /// <summary>Series name carrying, per timestamp, how many ReplicaSets of a deployment had pods (2 during a rolling update).</summary>
    public const string ReplicaSetsSignal = "replicasets";

    private readonly OwnerMap _owners;
    private readonly HashSet<string>? _namespaces;
    private readonly DateTimeOffset _end;
    private readonly DateTimeOffset? _since;
    private readonly Dictionary<EntityKey, Dictionary<string, Signal>> _entities = [];
    private readonly Dictionary<EntityKey, Dictionary<string, HashSet<long>>> _replicaSets = [];
    private readonly HashSet<string> _scored = new(StringComparer.Ordinal);

    /// <param name="since">See <see cref="ScanRequest.Since"/>: facts only from samples at or after it, and entities without such a sample are left out.</param>
    public EntityWindowBuilder(OwnerMap owners, IReadOnlyCollection<string> namespaces, DateTimeOffset end, DateTimeOffset? since = null)
    {
        ArgumentNullException.ThrowIfNull(owners);
        ArgumentNullException.ThrowIfNull(namespaces);
        _owners = owners;
        _namespaces = namespaces.Count == 0 ? null : namespaces.ToHashSet(StringComparer.Ordinal);
        _end = end;
        _since = since;
    }

    /// <summary>Series that named no entity KubeWise knows.</summary>
    public int Unresolved { get; private set; }

    public void Add(CatalogQuery query, PrometheusQueryResult result)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(result);
        if (query.IsFeature && query.SplitLabels.Count == 0)
        {
            _scored.Add(query.Id);
        }

        foreach (var series in result.Series)
        {
            if (series.Samples.Count == 0)
            {
                continue;
            }

            var ns = series.Label("namespace");
            if (_namespaces is not null && ns.Length > 0 && !_namespaces.Contains(ns))
            {
                continue;
            }

            if (Resolve(query.Target, series) is not { } entity)
            {
                Unresolved++;
                continue;
            }

            var name = query.SplitLabels.Count == 0 ? query.Id : query.Id + ":" + string.Join(':', query.SplitLabels.Select(series.Label));
            if (!_entities.TryGetValue(entity, out var signals))
            {
                signals = new Dictionary<string, Signal>(StringComparer.Ordinal);
                _entities[entity] = signals;
            }

            if (!signals.TryGetValue(name, out var signal))
            {
                signal = new Signal(query.Kind, query.Aggregation);
                signals[name] = signal;
            }

            signal.Parts.Add(series.Samples);
            if (entity.Type == EntityType.Deployment && series.Label("owner_kind") == "ReplicaSet")
            {
                TrackReplicaSet(entity, series.Label("owner_name"), series.Samples);
            }
        }
    }

    /// <summary>
    /// The entity <paramref name="series"/> of <paramref name="query"/> describes, named as the scan names it; null when
    /// it names no entity KubeWise knows (bare pods, unknown controllers).
    /// </summary>
    public EntityKey? EntityOf(CatalogQuery query, PrometheusSeries series)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(series);
        return Resolve(query.Target, series);
    }

    /// <summary>True when <paramref name="entity"/> had a series of <paramref name="signal"/> in the answers.</summary>
    public bool HasSignal(EntityKey entity, string signal) => _entities.TryGetValue(entity, out var signals) && signals.ContainsKey(signal);

    /// <summary>Signals of the queries the forest scores.</summary>
    public IReadOnlySet<string> ScoredSignals => _scored;

    /// <summary>One window per entity, with the facts and rollout state its series show.</summary>
    /// <param name="scoredOnly">Keep only <see cref="ScoredSignals"/> in the windows' metrics (for detection); otherwise keep every signal (for cutting training windows).</param>
    public IReadOnlyList<EntityWindow> Build(bool scoredOnly = true)
    {
        var windows = new List<EntityWindow>(_entities.Count);
        foreach (var (entity, signals) in _entities)
        {
            var metrics = new List<MetricSeries>(signals.Count + 1);
            foreach (var (name, signal) in signals)
            {
                metrics.Add(new MetricSeries(name, signal.Kind, Combine(signal)));
            }

            if (_replicaSets.TryGetValue(entity, out var sets))
            {
                metrics.Add(new MetricSeries(ReplicaSetsSignal, MetricKind.Gauge, CountReplicaSets(sets)));
            }

            if (_since is { } since && !metrics.Exists(m => EntityFactsReader.HasSampleSince(m.Samples.Span, since)))
            {
                continue;
            }

            windows.Add(EntityFactsReader.Complete(new EntityWindow(entity, _end, metrics), scoredOnly ? _scored : null, _since));
        }

        windows.Sort((a, b) => string.CompareOrdinal(a.Entity.ToString(), b.Entity.ToString()));
        return windows;
    }

    private EntityKey? Resolve(QueryTarget target, PrometheusSeries series)
    {
        var ns = series.Label("namespace");
        switch (target)
        {
            case QueryTarget.Workload:
                return _owners.ResolveController(ns, series.Label("owner_kind"), series.Label("owner_name"));
            case QueryTarget.Deployment:
                var deployment = series.Label("deployment");
                return deployment.Length == 0 ? null : new EntityKey(EntityType.Deployment, ns, deployment);
            case QueryTarget.Pod:
                var pod = series.Label("pod");
                return pod.Length == 0 ? null : _owners.ResolvePod(ns, pod);
            case QueryTarget.Node:
                var node = series.Label("node");
                return node.Length == 0 ? null : EntityKey.Node(node);
            case QueryTarget.ControlPlane:
                return EntityKey.ControlPlane();
            default:
                return ResolveByLabels(series);
        }
    }

    private EntityKey? ResolveByLabels(PrometheusSeries series)
    {
        var ns = series.Label("namespace");
        if (series.Label("owner_kind") is { Length: > 0 } kind)
        {
            return _owners.ResolveController(ns, kind, series.Label("owner_name"));
        }

        foreach (var (label, type) in new[] { ("deployment", EntityType.Deployment), ("statefulset", EntityType.StatefulSet), ("daemonset", EntityType.DaemonSet), ("cronjob", EntityType.CronJob) })
        {
            if (ns.Length > 0 && series.Label(label) is { Length: > 0 } name)
            {
                return new EntityKey(type, ns, name);
            }
        }

        if (ns.Length > 0 && series.Label("pod") is { Length: > 0 } pod)
        {
            return _owners.ResolvePod(ns, pod);
        }

        if (series.Label("node") is { Length: > 0 } node)
        {
            return EntityKey.Node(node);
        }

        // A cluster-wide figure (no labels beyond the metric name) describes the cluster as a whole.
        return series.Labels.Keys.All(k => k == "__name__") ? EntityKey.ControlPlane("cluster") : null;
    }

    private void TrackReplicaSet(EntityKey entity, string replicaSet, IReadOnlyList<PrometheusSample> samples)
    {
        if (!_replicaSets.TryGetValue(entity, out var sets))
        {
            sets = new Dictionary<string, HashSet<long>>(StringComparer.Ordinal);
            _replicaSets[entity] = sets;
        }

        if (!sets.TryGetValue(replicaSet, out var times))
        {
            times = [];
            sets[replicaSet] = times;
        }

        foreach (var sample in samples)
        {
            times.Add(sample.Timestamp.UtcTicks);
        }
    }

    private static MetricSample[] CountReplicaSets(Dictionary<string, HashSet<long>> sets)
    {
        var counts = new SortedDictionary<long, int>();
        foreach (var times in sets.Values)
        {
            foreach (var t in times)
            {
                counts[t] = counts.GetValueOrDefault(t) + 1;
            }
        }

        return [.. counts.Select(c => new MetricSample(new DateTimeOffset(c.Key, TimeSpan.Zero), c.Value))];
    }

    private static MetricSample[] Combine(Signal signal)
    {
        if (signal.Parts.Count == 1)
        {
            var only = signal.Parts[0];
            var copy = new MetricSample[only.Count];
            for (var i = 0; i < copy.Length; i++)
            {
                copy[i] = new MetricSample(only[i].Timestamp, only[i].Value);
            }

            return copy;
        }

        // Each part is in time order; a sorted map joins them on timestamps (parts are few: one per ReplicaSet).
        var merged = new SortedDictionary<long, double>();
        foreach (var part in signal.Parts)
        {
            foreach (var sample in part)
            {
                var key = sample.Timestamp.UtcTicks;
                if (!merged.TryGetValue(key, out var current) || double.IsNaN(current))
                {
                    merged[key] = sample.Value;
                }
                else if (!double.IsNaN(sample.Value))
                {
                    merged[key] = signal.Aggregation == SeriesAggregation.Sum ? current + sample.Value : Math.Max(current, sample.Value);
                }
            }
        }

        return [.. merged.Select(m => new MetricSample(new DateTimeOffset(m.Key, TimeSpan.Zero), m.Value))];
    }

    private sealed class Signal(MetricKind kind, SeriesAggregation aggregation)
    {
        public MetricKind Kind { get; } = kind;

        public SeriesAggregation Aggregation { get; } = aggregation;

        public List<IReadOnlyList<PrometheusSample>> Parts { get; } = [];
    }
}
