namespace KubeWise.Core.Analysis.Gemini.Wire;

public sealed record GenerateContentResponse(
    IReadOnlyList<Candidate>? Candidates = null,
    PromptFeedback? PromptFeedback = null,
    UsageMetadata? UsageMetadata = null,
    string? ModelVersion = null);

public sealed record Candidate(Content? Content = null, string? FinishReason = null, string? FinishMessage = null, int? Index = null);

public sealed record PromptFeedback(string? BlockReason = null, string? BlockReasonMessage = null);

public sealed record UsageMetadata(int? PromptTokenCount = null, int? CandidatesTokenCount = null, int? TotalTokenCount = null, int? ThoughtsTokenCount = null);

public sealed record ErrorEnvelope(ErrorBody? Error = null);

public sealed record ErrorBody(int? Code = null, string? Message = null, string? Status = null);

/// <summary>The subset of <c>GET models/{model}</c> the health check reads.</summary>
public sealed record ModelInfo(string? Name = null, string? DisplayName = null, string? Version = null, IReadOnlyList<string>? SupportedGenerationMethods = null);

/// <summary>Known <c>finishReason</c> values.</summary>
public static class FinishReasons
{
    public const string Stop = "STOP";
    public const string MaxTokens = "MAX_TOKENS";
    public const string Safety = "SAFETY";
    public const string Recitation = "RECITATION";
    public const string MalformedFunctionCall = "MALFORMED_FUNCTION_CALL";
}
