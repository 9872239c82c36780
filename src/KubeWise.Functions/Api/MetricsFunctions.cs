using System.Globalization;
using System.Text.Json.Serialization;
using KubeWise.Core.Detection;
using KubeWise.Core.Detection.Entities;
using KubeWise.Core.Events;
using KubeWise.Core.Metrics;
using KubeWise.Core.Metrics.Catalog;
using QueryCatalog = KubeWise.Core.Metrics.Catalog.QueryCatalog;
using KubeWise.Core.Scanning;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace KubeWise.Functions.Api;

/// <summary>The seed's metrics endpoints: current metrics per entity, the active PromQL queries, and the models.</summary>
public sealed class MetricsFunctions(
    IPrometheusClient prometheus,
    QueryCatalog catalog,
    IEntityModelStore models,
    ScanCycle scan,
    IOptions<PrometheusOptions> prometheusOptions,
    IOptions<DetectionOptions> detection)
{
    public const string MetricsName = "GetMetrics";
    public const string QueriesName = "GetMetricQueries";
    public const string ModelInfoName = "GetModelInfo";
    public const string TrainName = "TrainModel";

    /// <summary>A metrics call must stay cheap however long the catalog grows.</summary>
    internal const int MaxQueries = 50;

    [Function(MetricsName)]
    [ApiDoc("Current metrics from Prometheus, grouped by entity, over the detection window")]
    public async Task<IActionResult> GetMetricsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Metrics)] HttpRequest req,
        CancellationToken cancellationToken)
    {
        var window = TimeSpan.FromSeconds(detection.Value.MetricWindowSeconds);
        var rate = TimeSpan.FromSeconds(Math.Max(60, 4 * prometheusOptions.Value.ScrapeIntervalSeconds));
        var metrics = new SortedDictionary<string, EntityMetrics>(StringComparer.Ordinal);
        var errors = new List<object>();
        foreach (var query in catalog.Queries.Take(MaxQueries))
        {
            var text = query.Render([], rate, window);
            PrometheusQueryResult result;
            try
            {
                result = await prometheus.QueryRangeAsync(text, window, cancellationToken: cancellationToken);
            }
            catch (PrometheusException e)
            {
                errors.Add(new { query = query.Id, error = e.Message });
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
                    Query = text,
                    Labels = series.Labels,
                    Values = [.. series.Samples.Select(s => new MetricPoint(s.Timestamp.ToUnixTimeMilliseconds() / 1000.0, s.Value.ToString(CultureInfo.InvariantCulture)))],
                });
            }
        }

        return ApiResults.Ok(new { metrics, errors });
    }

    [Function(QueriesName)]
    [ApiDoc("The PromQL query catalog (built-in and configured), and configured queries that were refused")]
    public IActionResult GetQueries(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.MetricsQueries)] HttpRequest req) =>
        ApiResults.Ok(new
        {
            queries = catalog.Queries.Select(q => new
            {
                id = q.Id,
                query = q.Expression,
                origin = q.Origin.ToString(),
                description = q.Description,
                scored = q.IsFeature,
                required_metrics = q.RequiredMetrics,
            }),
            rejected = catalog.Rejected.Select(r => new { id = r.Id, query = r.Expression, problems = r.Problems }),
        });

    [Function(ModelInfoName)]
    [ApiDoc("The anomaly models (one isolation forest per entity type): whether each is trained, its size and the threshold")]
    public async Task<IActionResult> GetModelInfoAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.ModelInfo)] HttpRequest req,
        CancellationToken cancellationToken)
    {
        var list = new List<object>();
        foreach (var type in Enum.GetValues<EntityType>())
        {
            try
            {
                var forest = await models.LoadAsync(type, cancellationToken);
                list.Add(new
                {
                    entity_type = type.ToString(),
                    model_exists = forest is not null,
                    location = models.Describe(type),
                    trees = forest?.TreeCount,
                    sample_size = forest?.SampleSize,
                    feature_count = forest?.FeatureCount,
                });
            }
            catch (InvalidDataException e)
            {
                list.Add(new { entity_type = type.ToString(), model_exists = false, location = models.Describe(type), error = $"The stored model cannot be read: {e.Message}" });
            }
        }

        return ApiResults.Ok(new
        {
            models = list,
            score_threshold = detection.Value.ScoreThreshold,
            metric_window_seconds = detection.Value.MetricWindowSeconds,
        });
    }

    [Function(TrainName)]
    [ApiDoc("Train, from Prometheus history, the model of every entity type that has none (delete a model file to retrain it)")]
    public async Task<IActionResult> TrainAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.ModelTrain)] HttpRequest req,
        CancellationToken cancellationToken)
    {
        scan.ForgetModels();
        var report = await scan.RunAsync(new ScanRequest { TrainMissingModels = true }, cancellationToken);
        if (!report.Succeeded)
        {
            return ApiResults.Unavailable($"No model was trained: {report.Failure}");
        }

        return ApiResults.Ok(new
        {
            status = "success",
            message = $"{report.Models.Count(m => m.Source == ModelSource.Trained)} model(s) trained, {report.Models.Count(m => m.Source == ModelSource.Loaded)} already present.",
            models = report.Models.Select(m => new { entity_type = m.EntityType.ToString(), source = m.Source.ToString().ToLowerInvariant(), detail = m.Detail }),
            degraded = report.Degraded,
            timestamp = report.At,
        });
    }

    private static (string Type, string Id, string? Namespace) EntityOf(PrometheusSeries series)
    {
        var ns = series.Label("namespace") is { Length: > 0 } n ? n : null;
        foreach (var (label, type) in new[] { ("deployment", "deployment"), ("statefulset", "statefulset"), ("daemonset", "daemonset"), ("owner_name", "workload"), ("pod", "pod"), ("node", "node"), ("instance", "node") })
        {
            if (series.Label(label) is { Length: > 0 } value)
            {
                return (type, value, type == "node" ? null : ns);
            }
        }

        return ("cluster", series.MetricName is { Length: > 0 } m ? m : "cluster", ns);
    }

    private sealed record EntityMetrics(
        [property: JsonPropertyName("entity_id")] string EntityId,
        [property: JsonPropertyName("entity_type")] string EntityType,
        [property: JsonPropertyName("namespace")] string? Namespace,
        [property: JsonPropertyName("metrics")] List<MetricSnapshot> Metrics);
}
