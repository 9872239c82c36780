using System.Text.Json.Serialization;

namespace KubeWise.Application.Api;

/// <summary>A second opinion on a stored anomaly (<c>POST /anomalies/analyze/{id}</c>); the event is not changed.</summary>
public sealed record AnalysisReply(
    [property: JsonPropertyName("anomaly_id")] string AnomalyId,
    [property: JsonPropertyName("ai_analysis")] AnalysisOpinion AiAnalysis,
    [property: JsonPropertyName("suggested_remediation_commands")] IReadOnlyList<string> SuggestedRemediationCommands,
    [property: JsonPropertyName("executable_commands")] IReadOnlyList<string> ExecutableCommands,
    [property: JsonPropertyName("dropped")] IReadOnlyList<DroppedSuggestion> Dropped,
    [property: JsonPropertyName("analyzer")] AnalyzerUsed Analyzer,
    [property: JsonPropertyName("fallback_reason")] string? FallbackReason);

public sealed record AnalysisOpinion(
    [property: JsonPropertyName("root_cause")] string RootCause,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("confidence")] double Confidence);

public sealed record DroppedSuggestion(
    [property: JsonPropertyName("proposal")] string Proposal,
    [property: JsonPropertyName("reason")] string Reason);

public sealed record AnalyzerUsed(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("total_tokens")] int TotalTokens);
