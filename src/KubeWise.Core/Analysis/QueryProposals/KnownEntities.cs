using System.Globalization;
using KubeWise.Core.Metrics;

namespace KubeWise.Core.Analysis.QueryProposals;

/// <summary>One entity a series can name.</summary>
public readonly record struct EntityKey(string Type, string Namespace, string Name)
{
    public override string ToString() => Namespace.Length == 0 ? $"{Type}/{Name}" : $"{Type}/{Namespace}/{Name}";

    /// <summary>The entity a result series names, preferring <paramref name="preferred"/>'s labels; null when it names none.</summary>
    public static EntityKey? Of(PrometheusSeries series, string preferred)
    {
        ArgumentNullException.ThrowIfNull(series);
        foreach (var type in QueryEntityTypes.All.OrderBy(t => t == preferred ? 0 : 1))
        {
            var name = series.Label(QueryEntityTypes.NameLabel(type));
            if (name.Length == 0)
            {
                continue;
            }

            var ns = series.Label("namespace");
            if (QueryEntityTypes.IsNamespaced(type) != (ns.Length > 0))
            {
                continue;
            }

            return new EntityKey(type, QueryEntityTypes.IsNamespaced(type) ? ns : string.Empty, name);
        }

        return null;
    }
}

/// <summary>The entities kube-state-metrics reported over a window: what a proposed query's series must name.</summary>
public sealed class KnownEntities(IReadOnlySet<EntityKey> entities)
{
    public bool Contains(EntityKey key) => entities.Contains(key);

    public int Count(string type) => entities.Count(e => e.Type == type);

    /// <summary>The series that name each entity type, one query per type, all aggregated in PromQL.</summary>
    private static readonly (string Type, string Metric)[] Sources =
    [
        (QueryEntityTypes.Pod, "kube_pod_info"),
        (QueryEntityTypes.Deployment, "kube_deployment_spec_replicas"),
        (QueryEntityTypes.StatefulSet, "kube_statefulset_replicas"),
        (QueryEntityTypes.DaemonSet, "kube_daemonset_status_desired_number_scheduled"),
        (QueryEntityTypes.Node, "kube_node_info"),
    ];

    public static async Task<KnownEntities> ReadAsync(IPrometheusClient prometheus, DateTimeOffset at, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prometheus);
        var range = string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, (long)window.TotalSeconds)}s");
        var set = new HashSet<EntityKey>();
        foreach (var (type, metric) in Sources)
        {
            var by = QueryEntityTypes.IsNamespaced(type) ? $"namespace, {QueryEntityTypes.NameLabel(type)}" : QueryEntityTypes.NameLabel(type);
            var result = await prometheus.QueryAsync($"max by ({by}) (max_over_time({metric}[{range}]))", at, cancellationToken).ConfigureAwait(false);
            foreach (var series in result.Series)
            {
                if (EntityKey.Of(series, type) is { } key && key.Type == type)
                {
                    set.Add(key);
                }
            }
        }

        return new KnownEntities(set);
    }
}
