using System.Text.Json;
using System.Text.Json.Serialization;
using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Analysis;

/// <summary>Severity as the seed spells it: <c>LOW</c>, <c>MEDIUM</c>, <c>HIGH</c>, <c>CRITICAL</c>.</summary>
[JsonConverter(typeof(SeverityJsonConverter))]
public enum Severity
{
    Low,
    Medium,
    High,
    Critical,
}

public sealed class SeverityJsonConverter() : JsonStringEnumConverter<Severity>(JsonNamingPolicy.SnakeCaseUpper, allowIntegerValues: false);

/// <summary>Which backend produced an answer; recorded on the event.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AnalysisBackend>))]
public enum AnalysisBackend
{
    Gemini,
    Rules,

    /// <summary>An OpenAI-compatible model (<c>Llm:Provider</c> <c>OpenAiCompatible</c>).</summary>
    Llm,
}

/// <summary>Tokens one model call used, as <c>usageMetadata</c> reported them.</summary>
public sealed record TokenUsage(int PromptTokens, int CandidatesTokens, int TotalTokens)
{
    public static TokenUsage Zero { get; } = new(0, 0, 0);

    public TokenUsage Add(TokenUsage other) =>
        new(PromptTokens + other.PromptTokens, CandidatesTokens + other.CandidatesTokens, TotalTokens + other.TotalTokens);
}

/// <summary>A proposal that passed the catalog parser and the policy.</summary>
/// <param name="Command">The command in the seed's text form, e.g. <c>restart_deployment name=nginx ns=default</c>.</param>
/// <param name="Operation">The catalog operation.</param>
/// <param name="Rationale">Why the backend proposed it.</param>
/// <param name="SuggestionOnly">The policy allows it only as advice for a person (GitOps-managed object, HPA…), never as a patch.</param>
/// <param name="Note">What the policy said, when anything.</param>
public sealed record AcceptedCommand(
    string Command,
    string Operation,
    string? Rationale = null,
    bool SuggestionOnly = false,
    string? Note = null)
{
    /// <summary>The command as data (<see cref="Command"/> is its text form).</summary>
    public CommandData? Data { get; init; }
}

/// <summary>A proposal that was dropped, with the reason a person reads.</summary>
/// <param name="Proposal">What was proposed, as received (operation and parameters).</param>
/// <param name="Reason">Why it was dropped.</param>
public sealed record DroppedProposal(string Proposal, string Reason);

/// <summary>What analysis concluded about one incident (the event's <c>ai_analysis</c> and suggested commands).</summary>
/// <param name="RootCause">Probable cause.</param>
/// <param name="Severity">Severity.</param>
/// <param name="Description">Explanation for the person on call.</param>
/// <param name="Confidence">0..1.</param>
/// <param name="Commands">Validated commands, in the order to try them.</param>
/// <param name="Dropped">Proposals that did not survive parsing or policy, each with its reason.</param>
/// <param name="Suggestions">Advice for a person that KubeWise does not carry out (e.g. drain a node).</param>
/// <param name="Backend">Who answered.</param>
/// <param name="Model">Model id when a model answered.</param>
/// <param name="Usage">Tokens this analysis spent (also when the model's answer was then rejected).</param>
/// <param name="FallbackReason">Why the rule analyzer answered instead of Gemini, when it did.</param>
public sealed record AnalysisResult(
    string RootCause,
    Severity Severity,
    string Description,
    double Confidence,
    IReadOnlyList<AcceptedCommand> Commands,
    IReadOnlyList<DroppedProposal> Dropped,
    IReadOnlyList<string> Suggestions,
    AnalysisBackend Backend,
    string? Model,
    TokenUsage Usage,
    string? FallbackReason)
{
    /// <summary>Why the rule analyzer answered, as a value to branch on; <see cref="FallbackReason"/> says it to a person.</summary>
    public FallbackCause? Fallback { get; init; }

    /// <summary>The model call behind this result (also when its answer was rejected and the rules answered): provider, latency, what was sent.</summary>
    public Llm.LlmCall? Call { get; init; }
}
