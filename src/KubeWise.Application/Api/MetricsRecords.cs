using System.ComponentModel;
using System.Text.Json.Serialization;
using KubeWise.Core.Events;

namespace KubeWise.Application.Api;

/// <summary>
/// The seed's <c>GET /metrics</c>: series grouped by entity (keyed <c>type/namespace/name</c>, or <c>type/name</c> for
/// nodes and the control plane, as the scan names entities), and the queries that failed.
/// </summary>
public sealed record MetricsReply(
    [property: JsonPropertyName("metrics")] IReadOnlyDictionary<string, MetricsEntity> Metrics,
    [property: JsonPropertyName("errors")] IReadOnlyList<QueryError> Errors,
    [property: JsonPropertyName("unresolved_series"), Description("Series that named no entity KubeWise knows (bare pods, unknown controllers): left out, as the scan leaves them out.")] int UnresolvedSeries);

public sealed record MetricsEntity(
    [property: JsonPropertyName("entity_id")] string EntityId,
    [property: JsonPropertyName("entity_type")] string EntityType,
    [property: JsonPropertyName("namespace")] string? Namespace,
    [property: JsonPropertyName("metrics")] List<MetricSnapshot> Metrics);

public sealed record QueryError(
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("error")] string Error);

/// <summary>The query catalog (<c>GET /metrics/queries</c>).</summary>
public sealed record QueriesReply(
    [property: JsonPropertyName("queries")] IReadOnlyList<QueryInfo> Queries,
    [property: JsonPropertyName("rejected")] IReadOnlyList<RefusedQuery> Rejected,
    [property: JsonPropertyName("ai_proposals")] AiProposalSummary AiProposals);

/// <summary>One query of the catalog; the AI fields are set for accepted AI proposals.</summary>
public sealed record QueryInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("origin")] string Origin,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("scored")] bool Scored,
    [property: JsonPropertyName("required_metrics")] IReadOnlyList<string> RequiredMetrics,
    [property: JsonPropertyName("tag")] string Tag,
    [property: JsonPropertyName("active"), Description("Whether every required metric exists; null before the first discovery.")] bool? Active,
    [property: JsonPropertyName("missing_metrics")] IReadOnlyList<string>? MissingMetrics,
    [property: JsonPropertyName("entity_type")] string? EntityType,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("decided_at")] DateTimeOffset? DecidedAt);

/// <summary>A query kept out of the catalog; AI proposals also carry the validator's measurements.</summary>
public sealed record RefusedQuery(
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

public sealed record AiProposalSummary(
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("accepted")] int Accepted,
    [property: JsonPropertyName("rejected")] int Rejected,
    [property: JsonPropertyName("error")] string? Error);

/// <summary>The anomaly models (<c>GET /metrics/model/info</c>) and the latest training run.</summary>
public sealed record ModelInfoReply(
    [property: JsonPropertyName("models")] IReadOnlyList<ModelInfo> Models,
    [property: JsonPropertyName("score_threshold")] double ScoreThreshold,
    [property: JsonPropertyName("metric_window_seconds")] int MetricWindowSeconds,
    [property: JsonPropertyName("training"), Description("The latest training run (POST model/train); null when none was started.")] TrainingRun? Training)
{
    /// <summary>Set when the workflow host could not be asked about the training run.</summary>
    [JsonPropertyName("training_error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TrainingError { get; init; }
}

/// <summary>A training run: where it stands, what it was asked, and once it ended what it did.</summary>
public sealed record TrainingRun(
    [property: JsonPropertyName("instance_id")] string InstanceId,
    [property: JsonPropertyName("status"), Description("Pending, Running, Completed or Failed.")] string Status,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("last_updated_at")] DateTimeOffset LastUpdatedAt,
    [property: JsonPropertyName("retrain"), Description("Entity types asked to be retrained (empty: only types without a model).")] IReadOnlyList<string> Retrain,
    [property: JsonPropertyName("report"), Description("What the completed run trained.")] TrainReply? Report,
    [property: JsonPropertyName("error"), Description("Why the run trained nothing, or failed.")] string? Error);

/// <summary>The answer to <c>POST /metrics/model/train</c>: the run started (or already going) and where to follow it.</summary>
public sealed record TrainAccepted(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("instance_id")] string InstanceId,
    [property: JsonPropertyName("training_status")] string TrainingStatus,
    [property: JsonPropertyName("already_running"), Description("A run was already going: this request joined it and its options were not applied.")] bool AlreadyRunning,
    [property: JsonPropertyName("location")] string Location);

/// <summary>One entity type's model: <see cref="StoredModelInfo"/>, or <see cref="UnreadableModelInfo"/> when the stored file cannot be read.</summary>
[JsonDerivedType(typeof(StoredModelInfo))]
[JsonDerivedType(typeof(UnreadableModelInfo))]
public abstract record ModelInfo(
    [property: JsonPropertyName("entity_type")] string EntityType,
    [property: JsonPropertyName("model_exists")] bool ModelExists,
    [property: JsonPropertyName("location")] string Location);

public sealed record StoredModelInfo(
    string EntityType,
    bool ModelExists,
    string Location,
    [property: JsonPropertyName("trees")] int? Trees,
    [property: JsonPropertyName("sample_size")] int? SampleSize,
    [property: JsonPropertyName("feature_count")] int? FeatureCount,
    [property: JsonPropertyName("trained_at")] DateTimeOffset? TrainedAt,
    [property: JsonPropertyName("sample_count")] int? SampleCount,
    [property: JsonPropertyName("history_from")] DateTimeOffset? HistoryFrom,
    [property: JsonPropertyName("history_until")] DateTimeOffset? HistoryUntil)
    : ModelInfo(EntityType, ModelExists, Location);

public sealed record UnreadableModelInfo(
    string EntityType,
    string Location,
    [property: JsonPropertyName("error")] string Error)
    : ModelInfo(EntityType, false, Location);

/// <summary>What a completed training run did (<c>training.report</c> of <c>GET /metrics/model/info</c>).</summary>
public sealed record TrainReply(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("models")] IReadOnlyList<TrainedModel> Models,
    [property: JsonPropertyName("degraded")] IReadOnlyList<string> Degraded,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("retrained")] IReadOnlyList<string> Retrained,
    [property: JsonPropertyName("not_measured")] IReadOnlyList<string> NotMeasured);

public sealed record TrainedModel(
    [property: JsonPropertyName("entity_type")] string EntityType,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("detail")] string Detail);
