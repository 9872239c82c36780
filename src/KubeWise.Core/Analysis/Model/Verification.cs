using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Analysis;

/// <summary>Feature values of the entity at one moment (same feature names as the evidence).</summary>
public sealed record MetricSnapshot(DateTimeOffset At, IReadOnlyDictionary<string, double> Values);

/// <summary>Did the executed commands resolve the incident?</summary>
/// <param name="Anomaly">The incident.</param>
/// <param name="Facts">Entity facts; <see cref="EntityFacts.Baseline"/> is what the rule verifier compares with.</param>
/// <param name="Before">Metrics before the remediation.</param>
/// <param name="After">Metrics after the verification delay.</param>
/// <param name="ExecutedCommands">Commands that were applied, typed (a prompt shows them in the seed's text form).</param>
/// <param name="TokensSpent">Tokens the incident has already spent.</param>
public sealed record VerificationRequest(
    AnomalyInput Anomaly,
    EntityFacts Facts,
    MetricSnapshot Before,
    MetricSnapshot After,
    IReadOnlyList<RemediationCommand> ExecutedCommands,
    int TokensSpent = 0);

/// <summary>The verdict.</summary>
/// <param name="Resolved">True: RESOLVED; false: the remediation is rolled back (REMEDIATION_FAILED).</param>
/// <param name="Reasoning">Why, for the person reading the event.</param>
/// <param name="Confidence">0..1.</param>
/// <param name="Backend">Who answered.</param>
/// <param name="Model">Model id when Gemini answered.</param>
/// <param name="Usage">Tokens spent.</param>
/// <param name="FallbackReason">Why the rule verifier answered, when it did.</param>
public sealed record VerificationResult(
    bool Resolved,
    string Reasoning,
    double Confidence,
    AnalysisBackend Backend,
    string? Model,
    TokenUsage Usage,
    string? FallbackReason)
{
    /// <summary>The model call behind this verdict, when one was made.</summary>
    public Llm.LlmCall? Call { get; init; }
}
