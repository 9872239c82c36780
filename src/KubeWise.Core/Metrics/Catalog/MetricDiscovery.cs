namespace KubeWise.Core.Metrics.Catalog;

/// <summary>
/// Reads the metric names Prometheus has (label values of <c>__name__</c>) at most once per interval (the scan's
/// <c>Scan:DiscoveryIntervalSeconds</c>, handed in by its registration) and activates the catalog queries whose metrics all exist.
/// </summary>
public sealed class MetricDiscovery
{
    private readonly IPrometheusClient _client;
    private readonly QueryCatalog _catalog;
    private readonly TimeSpan _interval;
    private readonly Lock _gate = new();
    private (DateTimeOffset At, IReadOnlySet<string> Names)? _cached;

    public MetricDiscovery(IPrometheusClient client, QueryCatalog catalog, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(catalog);
        _client = client;
        _catalog = catalog;
        _interval = interval;
    }

    /// <summary>
    /// The catalog split into active and inactive queries for an evaluation at <paramref name="at"/>. Metric names are
    /// read again when the cached list is older than the interval (measured in evaluation time, so scans of the past
    /// read the names that existed then).
    /// </summary>
    /// <exception cref="PrometheusException">Prometheus could not list the metric names.</exception>
    public async Task<DiscoveryResult> DiscoverAsync(DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var interval = _interval;
        (DateTimeOffset At, IReadOnlySet<string> Names)? cached;
        lock (_gate)
        {
            cached = _cached;
        }

        var fromCache = cached is { } c && (at - c.At).Duration() < interval;
        IReadOnlySet<string> names;
        if (fromCache)
        {
            names = cached!.Value.Names;
        }
        else
        {
            var lookback = TimeSpan.FromSeconds(Math.Max(_interval.TotalSeconds, 3600));
            var listed = await _client.LabelValuesAsync("__name__", start: at - lookback, end: at, cancellationToken: cancellationToken).ConfigureAwait(false);
            names = listed.Items.ToHashSet(StringComparer.Ordinal);
            lock (_gate)
            {
                _cached = (at, names);
            }
        }

        var active = new List<CatalogQuery>();
        var inactive = new List<InactiveQuery>();
        foreach (var listed in _catalog.Queries)
        {
            var query = listed.Preferred is { } preferred && preferred.RequiredMetrics.All(names.Contains) ? preferred : listed;
            var missing = query.RequiredMetrics.Where(m => !names.Contains(m)).ToList();
            if (missing.Count == 0)
            {
                active.Add(query);
            }
            else
            {
                inactive.Add(new InactiveQuery(query, missing));
            }
        }

        return new DiscoveryResult(names, active, inactive, fromCache);
    }

    /// <summary>The metric names the last discovery read, or null before the first one (for people: which queries can run).</summary>
    public IReadOnlySet<string>? LastMetricNames
    {
        get
        {
            lock (_gate)
            {
                return _cached?.Names;
            }
        }
    }

    /// <summary>Forgets the cached metric names, so the next discovery asks Prometheus again.</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _cached = null;
        }
    }
}

/// <summary>A query that does not run because Prometheus lacks some of its metrics.</summary>
public sealed record InactiveQuery(CatalogQuery Query, IReadOnlyList<string> MissingMetrics);

/// <param name="MetricNames">Every metric name Prometheus listed.</param>
/// <param name="Active">Queries whose metrics all exist, in catalog order; a query's <see cref="CatalogQuery.Preferred"/> form when its metrics exist.</param>
/// <param name="Inactive">The others, with what they lack.</param>
/// <param name="FromCache">True when no request was made (names read less than an interval ago).</param>
public sealed record DiscoveryResult(IReadOnlySet<string> MetricNames, IReadOnlyList<CatalogQuery> Active, IReadOnlyList<InactiveQuery> Inactive, bool FromCache);
