using System.Globalization;
using System.Text.Json.Serialization;
using KubeWise.Core.Analysis.QueryProposals;
using KubeWise.Core.Detection;
using KubeWise.Core.Entities;
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
    ModelTrainer trainer,
    IOptions<PrometheusOptions> prometheusOptions,
    IOptions<DetectionOptions> detection,
    MetricDiscovery discovery,
    ProposedQuerySync aiQueries,
    IOptions<QueryProposalOptions> proposalOptions,
    IOptionsMonitor<ApiOptions> apiOptions)
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
    [ApiDoc("The PromQL query catalog with each query's origin (default, configured, ai) and whether its metrics exist; configured and AI-proposed queries that were refused, with the reasons")]
    public async Task<IActionResult> GetQueriesAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.MetricsQueries)] HttpRequest req,
        CancellationToken cancellationToken)
    {
        // A replica that just started has not scanned yet: show the accepted AI queries it will scan with.
        IReadOnlyList<ProposedQueryDecision> decisions = [];
        string? storeError = null;
        try
        {
            decisions = await aiQueries.SyncAsync(cancellationToken);
        }
        catch (Exception e) when (e is EventStoreException or System.Text.Json.JsonException)
        {
            storeError = $"The AI proposal decisions could not be read: {e.Message}";
        }

        var names = discovery.LastMetricNames;
        var accepted = decisions.Where(d => d.Accepted).GroupBy(d => d.Query.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        return ApiResults.Ok(new
        {
            queries = catalog.Queries.Select(q =>
            {
                var decision = q.Origin == QueryOrigin.AiProposed ? accepted.GetValueOrDefault(q.Id) : null;
                return new
                {
                    id = q.Id,
                    query = q.Expression,
                    origin = q.Origin.ToString(),
                    description = q.Description,
                    scored = q.IsFeature,
                    required_metrics = q.RequiredMetrics,
                    tag = Tag(q.Origin),
                    active = names is null ? (bool?)null : q.RequiredMetrics.All(names.Contains),
                    missing_metrics = names is null ? null : q.RequiredMetrics.Where(m => !names.Contains(m)).ToList(),
                    entity_type = decision?.Query.EntityType,
                    reason = decision?.Reason,
                    decided_at = decision?.DecidedAt,
                };
            }),
            rejected = catalog.Rejected.Select(r => new RefusedQuery(r.Id, r.Expression, r.Problems, r.Origin.ToString(), Tag(r.Origin)))
                .Concat(decisions.Where(d => !d.Accepted).Select(d => new RefusedQuery(d.Query.Id, d.Query.Expression, [d.Reason], QueryOrigin.AiProposed.ToString(), ProposedQueryDecision.Tag)
                {
                    Reason = d.Reason,
                    EntityType = d.Query.EntityType,
                    SeriesCount = d.SeriesCount,
                    QueryMilliseconds = d.QueryMilliseconds,
                    DecidedAt = d.DecidedAt,
                })),
            ai_proposals = new
            {
                enabled = proposalOptions.Value.Enabled,
                accepted = accepted.Count,
                rejected = decisions.Count(d => !d.Accepted),
                error = storeError,
            },
        });
    }

    /// <summary>The origin as people name it: the seed's defaults, the operator's configuration, or the model.</summary>
    internal static string Tag(QueryOrigin origin) => origin switch
    {
        QueryOrigin.BuiltIn => "default",
        QueryOrigin.Configuration => "configured",
        QueryOrigin.AiProposed => ProposedQueryDecision.Tag,
        _ => origin.ToString().ToLowerInvariant(),
    };

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
                var training = forest is null ? null : await models.LoadTrainingAsync(type, cancellationToken);
                list.Add(new
                {
                    entity_type = type.ToString(),
                    model_exists = forest is not null,
                    location = models.Describe(type),
                    trees = forest?.TreeCount,
                    sample_size = forest?.SampleSize,
                    feature_count = forest?.FeatureCount,
                    trained_at = training?.TrainedAt,
                    sample_count = training?.SampleCount,
                    history_from = training?.HistoryFrom,
                    history_until = training?.HistoryUntil,
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
    [ApiDoc("Train, from Prometheus history, the model of every entity type that has none; with force (or entity_types) retrain existing models too", Body = ApiDocBody.Train)]
    public async Task<IActionResult> TrainAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.ModelTrain)] HttpRequest req,
        CancellationToken cancellationToken)
    {
        var (retrain, error) = await ReadTrainRequestAsync(req, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var report = await trainer.TrainAsync(new ModelTrainingRequest([.. retrain]), cancellationToken);
        if (!report.Succeeded)
        {
            return ApiResults.Unavailable($"No model was trained: {report.Failure}");
        }

        return ApiResults.Ok(new
        {
            status = "success",
            message = $"{report.TrainedCount} model(s) trained ({report.Retrained.Count} retrained), {report.LoadedCount} already present.",
            models = report.Models.Select(m => new { entity_type = m.EntityType.ToString(), source = m.Source.ToString().ToLowerInvariant(), detail = m.Detail }),
            degraded = report.Degraded,
            timestamp = report.At,
            retrained = report.Retrained.Select(t => t.ToString()),
            not_measured = report.NotMeasured.Select(t => t.ToString()),
        });
    }

    /// <summary>The optional body: <c>{"force": true}</c> retrains every type, <c>{"entity_types": [...]}</c> just those.</summary>
    private async Task<(IReadOnlyCollection<EntityType> Retrain, IActionResult? Error)> ReadTrainRequestAsync(HttpRequest req, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(req);
        var (body, error) = await RequestBody.ReadObjectAsync(req, apiOptions.CurrentValue.MaxBodyBytes, optional: true, ct);
        if (body is null)
        {
            return ([], error);
        }

        if (RequestBody.RejectUnknown(body, "force", "entity_types") is { } unknown)
        {
            return ([], unknown);
        }

        var names = Enum.GetNames<EntityType>();
        if (!RequestBody.TryGetBool(body, "force", out var force, out error)
            || !RequestBody.TryGetStrings(body, "entity_types", names.Length, 32, out var types, out error))
        {
            return ([], error);
        }

        if (types is null)
        {
            return (force == true ? Enum.GetValues<EntityType>() : [], null);
        }

        if (types.Count == 0 || force == false)
        {
            return ([], ApiResults.Invalid("entity_types", types.Count == 0
                ? "entity_types must name at least one entity type; omit it (with force: true) to retrain every model."
                : "entity_types retrains those models; it cannot be combined with force: false."));
        }

        var parsed = new HashSet<EntityType>();
        foreach (var name in types)
        {
            // Only the names: Enum.TryParse would also take numbers and comma lists.
            if (names.FirstOrDefault(n => n.Equals(name, StringComparison.OrdinalIgnoreCase)) is not { } known)
            {
                return ([], ApiResults.Invalid("entity_types", $"'{ApiResults.Shorten(name)}' is not an entity type; use {string.Join(", ", names)}."));
            }

            parsed.Add(Enum.Parse<EntityType>(known));
        }

        return (parsed, null);
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

    /// <summary>A query kept out of the catalog; AI proposals also carry the validator's measurements.</summary>
    private sealed record RefusedQuery(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("query")] string Query,
        [property: JsonPropertyName("problems")] IReadOnlyList<string> Problems,
        [property: JsonPropertyName("origin")] string Origin,
        [property: JsonPropertyName("tag")] string Tag)
    {
        [JsonPropertyName("reason")]
        public string? Reason { get; init; }

        [JsonPropertyName("entity_type")]
        public string? EntityType { get; init; }

        [JsonPropertyName("series_count")]
        public int? SeriesCount { get; init; }

        [JsonPropertyName("query_ms")]
        public double? QueryMilliseconds { get; init; }

        [JsonPropertyName("decided_at")]
        public DateTimeOffset? DecidedAt { get; init; }
    }

    private sealed record EntityMetrics(
        [property: JsonPropertyName("entity_id")] string EntityId,
        [property: JsonPropertyName("entity_type")] string EntityType,
        [property: JsonPropertyName("namespace")] string? Namespace,
        [property: JsonPropertyName("metrics")] List<MetricSnapshot> Metrics);
}
