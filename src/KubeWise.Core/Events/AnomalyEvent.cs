using System.Text.Json.Serialization;
using KubeWise.Core.Entities;

namespace KubeWise.Core.Events;

/// <summary>
/// One anomaly from detection to its end. JSON names are the seed's (snake_case); the stores keep this shape.
/// Change it only through <see cref="IEventStore.ApplyAsync"/>, which checks the state machine and appends the audit trail.
/// </summary>
public sealed record AnomalyEvent
{
    [JsonPropertyName("anomaly_id")]
    public required string AnomalyId { get; init; }

    [JsonPropertyName("status")]
    public AnomalyStatus Status { get; init; } = AnomalyStatus.Detected;

    /// <summary>Incremented by every stored change; the compare-and-set token.</summary>
    [JsonPropertyName("version")]
    public long Version { get; init; }

    [JsonPropertyName("detection_timestamp")]
    public required DateTimeOffset DetectionTimestamp { get; init; }

    [JsonPropertyName("updated_at")]
    public DateTimeOffset UpdatedAt { get; init; }

    [JsonPropertyName("entity_id")]
    public required string EntityId { get; init; }

    /// <summary>deployment, statefulset, daemonset, pod, node, controlplane… (<see cref="EntityTypeNames"/>).</summary>
    [JsonPropertyName("entity_type")]
    public required string EntityType { get; init; }

    /// <summary>Empty for cluster-scoped entities such as nodes.</summary>
    [JsonPropertyName("namespace")]
    public string? Namespace { get; init; }

    /// <summary>The entity the seed's fields <c>entity_type</c>, <c>namespace</c> and <c>entity_id</c> name.</summary>
    [JsonIgnore]
    public EntityKey Entity => EntityKey.FromSeedFields(EntityType, Namespace, EntityId);

    [JsonPropertyName("anomaly_score")]
    public double AnomalyScore { get; init; }

    [JsonPropertyName("metrics_snapshot")]
    public IReadOnlyList<MetricSnapshot> MetricsSnapshot { get; init; } = [];

    /// <summary>Why it was flagged: the detectors' findings.</summary>
    [JsonPropertyName("evidence")]
    public IReadOnlyList<EvidenceItem> Evidence { get; init; } = [];

    [JsonPropertyName("orchestration_instance_id")]
    public string? OrchestrationInstanceId { get; init; }

    [JsonPropertyName("ai_analysis")]
    public AiAnalysis? AiAnalysis { get; init; }

    /// <summary>Which analyzer answered (Gemini model or rules) and what it cost.</summary>
    [JsonPropertyName("analyzer")]
    public AnalyzerInfo? Analyzer { get; init; }

    /// <summary>In the seed's text form, e.g. <c>restart_deployment name=nginx ns=default</c>.</summary>
    [JsonPropertyName("suggested_remediation_commands")]
    public IReadOnlyList<string> SuggestedRemediationCommands { get; init; } = [];

    /// <summary>The catalog commands among them as data (empty on events stored before commands were kept as data).</summary>
    [JsonPropertyName("typed_commands")]
    public IReadOnlyList<SuggestedCommand> TypedCommands { get; init; } = [];

    /// <summary>
    /// Every command the analysis proposed and what became of it — accepted, a suggestion only, or dropped with the
    /// parse or policy reason — so refusals are on the record, not only in a log (empty on older events).
    /// </summary>
    [JsonPropertyName("proposals")]
    public IReadOnlyList<ProposalRecord> Proposals { get; init; } = [];

    /// <summary>
    /// What was sent to a model for this event and what came back (analysis and verification calls), credentials removed,
    /// bodies size-capped; at most <see cref="MaxModelExchanges"/>, newest kept. Not part of the event's API views (list and
    /// detail omit it); read it at <c>GET /api/v1/remediation/events/{id}/sent</c> or with <c>kubewise event ID --sent</c>.
    /// </summary>
    [JsonPropertyName("model_exchanges")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ModelExchange>? ModelExchanges { get; init; }

    /// <summary>How many model exchanges one event keeps.</summary>
    public const int MaxModelExchanges = 20;

    [JsonPropertyName("approval_decisions")]
    public IReadOnlyList<ApprovalDecision> ApprovalDecisions { get; init; } = [];

    [JsonPropertyName("remediation_attempts")]
    public IReadOnlyList<RemediationAttempt> RemediationAttempts { get; init; } = [];

    [JsonPropertyName("verification")]
    public VerificationResult? Verification { get; init; }

    [JsonPropertyName("rollback")]
    public RollbackRecord? Rollback { get; init; }

    /// <summary>
    /// The metric windows behind the finding (at detection and at verification), stored with the event and served by
    /// <c>GET …/events/{id}/series</c>; the event's own answers leave it out (null there, and not written).
    /// </summary>
    [JsonPropertyName("series")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EventSeries? Series { get; init; }

    /// <summary>Append-only: every stored change adds one entry; none is ever changed or removed.</summary>
    [JsonPropertyName("audit_trail")]
    public IReadOnlyList<AuditEntry> AuditTrail { get; init; } = [];
}
