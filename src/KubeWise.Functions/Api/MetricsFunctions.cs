using System.Globalization;
using KubeWise.Core.Detection;
using KubeWise.Core.Detection.Forest;
using KubeWise.Core.Events;
using KubeWise.Core.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace KubeWise.Functions.Api;

/// <summary>The seed's metrics endpoints: current metrics per entity, the active PromQL queries and the model.</summary>
public sealed class MetricsFunctions(
    IPrometheusClient prometheus,
    QueryCatalogStore storedQueries,
    IForestStore forests,
    IOptions<PrometheusOptions> prometheusOptions,
    IOptions<DetectionOptions> detection)
{
    public const string MetricsName = "GetMetrics";
    public const string QueriesName = "GetMetricQueries";
    public const string ModelInfoName = "GetModelInfo";

    /// <summary>A metrics call must stay cheap however long the catalog grows.</summary>
    internal const int MaxQueries = 50;

    [Function(MetricsName)]
    [ApiDoc("Current metrics from Prometheus, grouped by entity, over the detection window")]
    public async Task<IActionResult> GetMetricsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Metrics)] HttpRequest req,
        CancellationToken cancellationToken)
    {
        var queries = await ActiveQueriesAsync(cancellationToken);
        var window = TimeSpan.FromSeconds(detection.Value.MetricWindowSeconds);
        var metrics = new SortedDictionary<string, EntityMetrics>(StringComparer.Ordinal);
        var errors = new List<object>();
        foreach (var query in queries.Queries.Take(MaxQueries))
        {
            PrometheusQueryResult result;
            try
            {
                result = await prometheus.QueryRangeAsync(query, window, cancellationToken: cancellationToken);
            }
            catch (PrometheusException e)
            {
                errors.Add(new { query, error = e.Message });
                continue;
            }

            foreach (var series in result.Series)
            {
                var (type, entityId, ns) = EntityOf(series);
                var key = $"{type}/{entityId}";
                if (!metrics.TryGetValue(key, out var entity))
                {
                    metrics[key] = entity = new EntityMetrics(entityId, type, ns, []);
                }

                entity.Metrics.Add(new MetricSnapshot
                {
                    Query = query,
                    Labels = series.Labels,
                    Values = [.. series.Samples.Select(s => new MetricPoint(s.Timestamp.ToUnixTimeMilliseconds() / 1000.0, s.Value.ToString(CultureInfo.InvariantCulture)))],
                });
            }
        }

        return ApiResults.Ok(new { metrics, errors });
    }

    [Function(QueriesName)]
    [ApiDoc("The active PromQL queries and where they come from")]
    public async Task<IActionResult> GetQueriesAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.MetricsQueries)] HttpRequest req,
        CancellationToken cancellationToken) =>
        ApiResults.Ok(await ActiveQueriesAsync(cancellationToken));

    [Function(ModelInfoName)]
    [ApiDoc("The anomaly model in use: whether one is trained, its size and threshold")]
    public async Task<IActionResult> GetModelInfoAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.ModelInfo)] HttpRequest req,
        CancellationToken cancellationToken)
    {
        IsolationForest? forest;
        try
        {
            forest = await forests.LoadAsync(cancellationToken);
        }
        catch (InvalidDataException e)
        {
            return ApiResults.Ok(new { model_exists = false, model_path = detection.Value.ModelPath, error = $"The stored model cannot be read: {e.Message}" });
        }

        return ApiResults.Ok(new
        {
            model_exists = forest is not null,
            model_path = detection.Value.ModelPath,
            trees = forest?.TreeCount,
            sample_size = forest?.SampleSize,
            feature_count = forest?.FeatureCount,
            offset = forest?.Offset,
            score_threshold = detection.Value.ScoreThreshold,
            metric_window_seconds = detection.Value.MetricWindowSeconds,
        });
    }

    private async Task<ActiveQueries> ActiveQueriesAsync(CancellationToken ct)
    {
        try
        {
            if (await storedQueries.GetAsync(ct) is { } stored)
            {
                return new ActiveQueries(stored.Queries, "stored", stored.ChangedBy, stored.ChangedAt);
            }
        }
        catch (EventStoreException e) when (e.IsRetryable)
        {
            // The configured queries still describe what a scan would run.
        }

        return new ActiveQueries(prometheusOptions.Value.DefaultQueries, "configuration", null, null);
    }

    private static (string Type, string Id, string? Namespace) EntityOf(PrometheusSeries series)
    {
        var ns = series.Label("namespace") is { Length: > 0 } n ? n : null;
        foreach (var (label, type) in new[] { ("deployment", "deployment"), ("statefulset", "statefulset"), ("daemonset", "daemonset"), ("pod", "pod"), ("node", "node"), ("instance", "node") })
        {
            if (series.Label(label) is { Length: > 0 } value)
            {
                return (type, value, type == "node" ? null : ns);
            }
        }

        return ("cluster", series.MetricName is { Length: > 0 } m ? m : "cluster", ns);
    }

    private sealed record EntityMetrics(
        [property: System.Text.Json.Serialization.JsonPropertyName("entity_id")] string EntityId,
        [property: System.Text.Json.Serialization.JsonPropertyName("entity_type")] string EntityType,
        [property: System.Text.Json.Serialization.JsonPropertyName("namespace")] string? Namespace,
        [property: System.Text.Json.Serialization.JsonPropertyName("metrics")] List<MetricSnapshot> Metrics);

    private sealed record ActiveQueries(
        [property: System.Text.Json.Serialization.JsonPropertyName("queries")] IReadOnlyList<string> Queries,
        [property: System.Text.Json.Serialization.JsonPropertyName("source")] string Source,
        [property: System.Text.Json.Serialization.JsonPropertyName("changed_by")] string? ChangedBy,
        [property: System.Text.Json.Serialization.JsonPropertyName("changed_at")] DateTimeOffset? ChangedAt);
}
