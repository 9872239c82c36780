using System.Globalization;
using KubeWise.Core.Metrics;

namespace KubeWise.Core.Analysis.QueryProposals;

/// <summary>One entity a series can name.</summary>
public readonly record struct EntityKey(string Type, string Namespace, string Name)
{
    public override string ToString() => Namespace.Length == 0 ? $"{Type}/{Name}" : $"{Type}/{Namespace}/{Name}";

    /// <summary>
    /// The entity a result series names, read the way the scan cycle reads series of queries from outside: a controller
    /// label first (deployment, statefulset, daemonset), then pod, then node; null when it names none.
    /// </summary>
    public static EntityKey? Of(PrometheusSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var ns = series.Label("namespace");
        foreach (var type in ResolutionOrder)
        {
            var name = series.Label(QueryEntityTypes.NameLabel(type));
            if (name.Length > 0 && (ns.Length > 0 || !QueryEntityTypes.IsNamespaced(type)))
            {
                return new EntityKey(type, QueryEntityTypes.IsNamespaced(type) ? ns : string.Empty, name);
            }
        }

        return null;
    }

    private static readonly string[] ResolutionOrder =
        [QueryEntityTypes.Deployment, QueryEntityTypes.StatefulSet, QueryEntityTypes.DaemonSet, QueryEntityTypes.Pod, QueryEntityTypes.Node];
}

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
                if (EntityKey.Of(series) is { } key && key.Type == type)
                {
                    set.Add(key);
                }
            }
        }

        return new KnownEntities(set);
    }
}
