using System.Text.Json.Serialization;
using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Events;

/// <summary>One Prometheus series as it looked at detection, in the seed's shape: values are <c>[unix_seconds, "value"]</c>.</summary>
public sealed record MetricSnapshot
{
    [JsonPropertyName("query")]
    public required string Query { get; init; }

    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    [JsonPropertyName("values")]
    public IReadOnlyList<MetricPoint> Values { get; init; } = [];
}

/// <summary>A sample; on the wire the Prometheus pair <c>[1618245000, "0.21"]</c>.</summary>
[JsonConverter(typeof(MetricPointJsonConverter))]
public readonly record struct MetricPoint(double UnixSeconds, string Value);

public sealed record AiAnalysis
{
    [JsonPropertyName("root_cause")]
    public required string RootCause { get; init; }

    /// <summary>LOW, MEDIUM, HIGH, CRITICAL (the seed's spelling).</summary>
    [JsonPropertyName("severity")]
    public required string Severity { get; init; }

    [JsonPropertyName("description")]
    public string Description { get; init; } = "";
}

public sealed record AnalyzerInfo
{
    /// <summary>e.g. <c>gemini</c> or <c>rules</c>.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("model")]
    public string? Model { get; init; }

    [JsonPropertyName("prompt_tokens")]
    public int PromptTokens { get; init; }

    [JsonPropertyName("completion_tokens")]
    public int CompletionTokens { get; init; }

    [JsonPropertyName("total_tokens")]
    public int TotalTokens { get; init; }

    /// <summary>Which API answered: <c>gemini</c>, <c>vertex-ai</c> or <c>openai-compatible</c>; null when the rules answered without asking one.</summary>
    [JsonPropertyName("provider")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Provider { get; init; }

    /// <summary>How long the model call took, retries included.</summary>
    [JsonPropertyName("latency_ms")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? LatencyMs { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<ApprovalKind>))]
public enum ApprovalKind
{
    [JsonStringEnumMemberName("approved")]
    Approved,

    [JsonStringEnumMemberName("rejected")]
    Rejected,
}

/// <summary>A person's approval or rejection of a suggested fix.</summary>
public sealed record ApprovalDecision
{
    [JsonPropertyName("decision")]
    public required ApprovalKind Decision { get; init; }

    [JsonPropertyName("by")]
    public required string By { get; init; }

    [JsonPropertyName("at")]
    public required DateTimeOffset At { get; init; }

    [JsonPropertyName("comment")]
    public string? Comment { get; init; }

    /// <summary>The commands the decision covers, in the seed's text form.</summary>
    [JsonPropertyName("commands")]
    public IReadOnlyList<string> Commands { get; init; } = [];
}

/// <summary>One execution of one command against the cluster.</summary>
public sealed record RemediationAttempt
{
    [JsonPropertyName("command")]
    public required string Command { get; init; }

    /// <summary>The command as data (null on attempts stored before commands were kept as data).</summary>
    [JsonPropertyName("command_data")]
    public CommandData? CommandData { get; init; }

    [JsonPropertyName("started_at")]
    public required DateTimeOffset StartedAt { get; init; }

    [JsonPropertyName("finished_at")]
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The seed's result status: <c>success</c> or <c>failed</c>.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    /// <summary>The touched fields before the change (path → JSON value).</summary>
    [JsonPropertyName("before")]
    public IReadOnlyDictionary<string, string?> Before { get; init; } = new Dictionary<string, string?>();

    [JsonPropertyName("after")]
    public IReadOnlyDictionary<string, string?> After { get; init; } = new Dictionary<string, string?>();

    /// <summary>The Kubernetes API status code on failure (404, 409, 422, 429…).</summary>
    [JsonPropertyName("api_status_code")]
    public int? ApiStatusCode { get; init; }

    [JsonPropertyName("api_status_reason")]
    public string? ApiStatusReason { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    /// <summary>
    /// API calls retried within this attempt after a transient failure (429, 409 conflict, 5xx, unreachable): a
    /// <c>success</c> can hide a struggling API server.
    /// </summary>
    [JsonPropertyName("api_retries")]
    public int ApiRetries { get; init; }

    /// <summary>The transient failure behind the last retry, as "code reason: message"; null when nothing was retried.</summary>
    [JsonPropertyName("last_transient_error")]
    public string? LastTransientError { get; init; }
}

public sealed record VerificationResult
{
    [JsonPropertyName("verified_at")]
    public required DateTimeOffset VerifiedAt { get; init; }

    [JsonPropertyName("success")]
    public required bool Success { get; init; }

    /// <summary>Who judged: <c>gemini</c> or <c>rules</c>.</summary>
    [JsonPropertyName("method")]
    public required string Method { get; init; }

    [JsonPropertyName("summary")]
    public string Summary { get; init; } = "";

    [JsonPropertyName("anomaly_score_after")]
    public double? AnomalyScoreAfter { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<RollbackOutcome>))]
public enum RollbackOutcome
{
    [JsonStringEnumMemberName("performed")]
    Performed,

    [JsonStringEnumMemberName("not_reversible")]
    NotReversible,

    [JsonStringEnumMemberName("failed")]
    Failed,
}

public sealed record RollbackRecord
{
    [JsonPropertyName("outcome")]
    public required RollbackOutcome Outcome { get; init; }

    [JsonPropertyName("at")]
    public required DateTimeOffset At { get; init; }

    [JsonPropertyName("detail")]
    public string? Detail { get; init; }
}

public sealed record AuditEntry
{
    [JsonPropertyName("at")]
    public required DateTimeOffset At { get; init; }

    [JsonPropertyName("actor")]
    public required string Actor { get; init; }

    [JsonPropertyName("action")]
    public required string Action { get; init; }

    [JsonPropertyName("from_status")]
    public AnomalyStatus? FromStatus { get; init; }

    [JsonPropertyName("to_status")]
    public AnomalyStatus? ToStatus { get; init; }

    [JsonPropertyName("comment")]
    public string? Comment { get; init; }

    /// <summary>The event version this entry produced.</summary>
    [JsonPropertyName("version")]
    public long Version { get; init; }
}

/// <summary>One command an analysis proposed and what became of it.</summary>
public sealed record ProposalRecord
{
    public const string Accepted = "accepted";
    public const string SuggestionOnly = "suggestion_only";
    public const string Dropped = "dropped";

    /// <summary>The command in the seed's text form when the catalog read it; otherwise the proposal as received.</summary>
    [JsonPropertyName("proposal")]
    public required string Proposal { get; init; }

    /// <summary><see cref="Accepted"/>, <see cref="SuggestionOnly"/> or <see cref="Dropped"/>.</summary>
    [JsonPropertyName("outcome")]
    public required string Outcome { get; init; }

    /// <summary>Why it was dropped or is only a suggestion, or what the policy noted; null when accepted without a note.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    /// <summary>Who proposed it: <c>gemini</c> or <c>rules</c>.</summary>
    [JsonPropertyName("analyzer")]
    public required string Analyzer { get; init; }
}
