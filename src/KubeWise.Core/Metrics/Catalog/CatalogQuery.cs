using KubeWise.Core.Entities;

namespace KubeWise.Core.Metrics.Catalog;

/// <summary>
/// One PromQL query of the catalog. <see cref="Expression"/> may hold placeholders filled at render time:
/// <c>$namespace</c> (a namespace matcher, preceded by a comma, or nothing), <c>$rate</c> (the rate window) and
/// <c>$owners</c> (the pod → controller join vector). Queries aggregate in PromQL, so the answer has one series per
/// entity (or per controller), never one per container.
/// </summary>
/// <param name="Id">Stable id, also the signal name entities carry (<c>cpu_limit_ratio</c>).</param>
/// <param name="Expression">The PromQL template.</param>
/// <param name="RequiredMetrics">Metric names the expression reads; discovery activates the query only when all exist.</param>
/// <param name="Target">Which labels of a result series name the entity.</param>
/// <param name="Kind">Gauge or counter, as the feature extractor should treat the signal.</param>
/// <param name="Origin">Who added it.</param>
public sealed record CatalogQuery(string Id, string Expression, IReadOnlyList<string> RequiredMetrics, QueryTarget Target, MetricKind Kind, QueryOrigin Origin)
{
    /// <summary>Scored by the isolation forest; otherwise the signal only feeds detector facts.</summary>
    public bool IsFeature { get; init; }

    /// <summary>How series of one entity combine (rolling updates: old and new ReplicaSet).</summary>
    public SeriesAggregation Aggregation { get; init; } = SeriesAggregation.Sum;

    /// <summary>Labels that split the signal (<c>condition</c>, <c>status</c>): the series name becomes <c>id:value:value</c>.</summary>
    public IReadOnlyList<string> SplitLabels { get; init; } = [];

    /// <summary>Evaluated once at the end of the window (an instant query) rather than over it.</summary>
    public bool Instant { get; init; }

    /// <summary>
    /// The same signal from a better source, run instead of this query when Prometheus has all of its metrics (the
    /// API server's SLI histogram, which leaves out webhooks and long-running requests). It carries the same id, so
    /// models and facts do not notice which one ran.
    /// </summary>
    public CatalogQuery? Preferred { get; init; }

    /// <summary>One line for people: what the signal means.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>The query with its placeholders filled.</summary>
    /// <param name="namespaces">Namespaces to keep; empty for all.</param>
    /// <param name="rateWindow">Range of <c>rate()</c>.</param>
    /// <param name="lookback">Range used for <c>last_over_time</c> in instant owner queries.</param>
    public string Render(IReadOnlyCollection<string> namespaces, TimeSpan rateWindow, TimeSpan lookback)
    {
        ArgumentNullException.ThrowIfNull(namespaces);
        var matcher = namespaces.Count == 0 ? string.Empty : $"namespace=~\"{string.Join('|', namespaces.Order(StringComparer.Ordinal))}\"";
        var text = Expression.Replace("$owners", BuiltInQueries.PodOwners, StringComparison.Ordinal)
            .Replace("{$namespace}", matcher.Length == 0 ? string.Empty : "{" + matcher + "}", StringComparison.Ordinal)
            .Replace("$namespace", matcher.Length == 0 ? string.Empty : "," + matcher, StringComparison.Ordinal)
            .Replace("$rate", PromDuration(rateWindow), StringComparison.Ordinal)
            .Replace("$lookback", PromDuration(lookback), StringComparison.Ordinal);
        return text;
    }

    /// <summary>A duration in PromQL syntax, whole seconds (<c>90s</c>).</summary>
    public static string PromDuration(TimeSpan span) => $"{Math.Max(1, (long)Math.Ceiling(span.TotalSeconds))}s";
}
