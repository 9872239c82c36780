using KubeWise.Core.Events;

namespace KubeWise.Core.Analysis.Llm;

/// <summary>One model call as the event records it: who answered, how fast, what it cost and the exchanges on the wire.</summary>
/// <param name="Provider"><c>gemini</c>, <c>vertex-ai</c> or <c>openai-compatible</c>.</param>
/// <param name="Model">The model asked.</param>
/// <param name="Purpose"><c>analysis</c>, <c>verification</c> or <c>query_proposals</c>.</param>
/// <param name="LatencyMs">Time from sending to the answer, retries included.</param>
/// <param name="Usage">Tokens reported.</param>
/// <param name="Exchanges">The HTTP exchanges, credentials removed, bodies size-capped.</param>
/// <param name="TrimmedEvidence">Evidence items left out to fit <c>Llm:MaxInputTokensPerCall</c>.</param>
public sealed record LlmCall(
    string Provider,
    string? Model,
    string Purpose,
    long LatencyMs,
    TokenUsage Usage,
    IReadOnlyList<ModelExchange> Exchanges,
    int TrimmedEvidence = 0);

/// <summary>The answer of one call with its record.</summary>
public sealed record LlmReply(Gemini.GeminiAnswer Answer, LlmCall Call);

/// <summary>A request that was built but not sent: where it would go and its exact body.</summary>
public sealed record ModelRequestPreview(string Purpose, string Provider, string? Model, string Url, string Body);

/// <summary>What a call is for (recorded on each exchange).</summary>
public static class LlmPurpose
{
    public const string Analysis = "analysis";
    public const string Verification = "verification";
    public const string QueryProposals = "query_proposals";
}
