using KubeWise.Core.Detection;
using KubeWise.Core.Entities;
using KubeWise.Core.Metrics;
using KubeWise.Core.Metrics.Catalog;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Scanning;

/// <summary>
/// The seed's "current metrics": every catalog query over the detection window, each series filed under the entity the
/// scan would judge it as (the owner queries first, then <see cref="EntityWindowBuilder.EntityOf"/>), so the metrics a
/// person reads and the entity an incident names are the same. Never throws for Prometheus: failed queries are listed.
/// </summary>
public sealed class MetricsSnapshotReader(
    IPrometheusClient prometheus,
    QueryCatalog catalog,
    IOptions<DetectionOptions> detection,
    IOptions<PrometheusOptions> prometheusOptions,
    IOptions<ScanOptions> scanOptions,
    TimeProvider time)
{
    /// <summary>A snapshot must stay cheap however long the catalog grows: at most this many signal queries are run.</summary>
    public const int MaxQueries = 50;

    /// <param name="namespaces">Namespaces to read; empty for all (nodes and the control plane are always read).</param>
    /// <param name="at">End of the window; default: now.</param>
    public async Task<MetricsSnapshot> ReadAsync(IReadOnlyList<string>? namespaces = null, DateTimeOffset? at = null, CancellationToken cancellationToken = default)
    {
        namespaces ??= [];
        var end = at ?? time.GetUtcNow();
        var window = TimeSpan.FromSeconds(detection.Value.MetricWindowSeconds);
        var scrape = prometheusOptions.Value.ScrapeIntervalSeconds;
        var rate = scanOptions.Value.RateWindowSeconds > 0 ? TimeSpan.FromSeconds(scanOptions.Value.RateWindowSeconds) : TimeSpan.FromSeconds(Math.Max(60, 4 * scrape));
        var step = TimeSpan.FromSeconds(Math.Max(scrape, Math.Ceiling(window.TotalSeconds / 10_000)));
        var errors = new List<MetricsQueryError>();

        var owners = new OwnerMap();
        foreach (var query in catalog.Queries.Where(q => BuiltInQueries.ResolutionQueries.Contains(q.Id)))
        {
            if (await RunAsync(query, query.Render(namespaces, rate, window), end, window, step, errors, cancellationToken).ConfigureAwait(false) is not { } result)
            {
                continue;
            }

            owners.TryAdd(query.Id, result);
        }

        var names = new EntityWindowBuilder(owners, namespaces, end);
        var nsFilter = namespaces.Count == 0 ? null : namespaces.ToHashSet(StringComparer.Ordinal);
        var entities = new SortedDictionary<string, (EntityKey Key, List<EntitySeries> Series)>(StringComparer.Ordinal);
        var unresolved = 0;
        foreach (var query in catalog.Queries.Where(q => !BuiltInQueries.ResolutionQueries.Contains(q.Id)).Take(MaxQueries))
        {
            var text = query.Render(namespaces, rate, window);
            if (await RunAsync(query, text, end, window, step, errors, cancellationToken).ConfigureAwait(false) is not { } result)
            {
                continue;
            }

            foreach (var series in result.Series.Where(s => s.Samples.Count > 0))
            {
                if (nsFilter is not null && series.Label("namespace") is { Length: > 0 } ns && !nsFilter.Contains(ns))
                {
                    continue;
                }

                if (names.EntityOf(query, series) is not { } entity)
                {
                    unresolved++;
                    continue;
                }

                var key = entity.ToString();
                if (!entities.TryGetValue(key, out var entry))
                {
                    entities[key] = entry = (entity, []);
                }

                entry.Series.Add(new EntitySeries(query.Id, text, series.Labels, series.Samples));
            }
        }

        return new MetricsSnapshot(end, window, [.. entities.Values.Select(e => new EntityMetrics(e.Key, e.Series))], errors, unresolved);
    }

    private async Task<PrometheusQueryResult?> RunAsync(
        CatalogQuery query, string text, DateTimeOffset at, TimeSpan window, TimeSpan step, List<MetricsQueryError> errors, CancellationToken cancellationToken)
    {
        try
        {
            return query.Instant
                ? await prometheus.QueryAsync(text, at, cancellationToken).ConfigureAwait(false)
                : await prometheus.QueryRangeAsync(text, at - window, at, step, cancellationToken).ConfigureAwait(false);
        }
        catch (PrometheusException e)
        {
            errors.Add(new MetricsQueryError(query.Id, e.Message));
            return null;
        }
    }
}
