namespace KubeWise.Core.Analysis.Gemini;

/// <summary>Why a Gemini call produced no usable answer. Each one makes the rule backend answer.</summary>
public enum GeminiFailure
{
    /// <summary>An HTTP error the API answered with its error envelope (after retries, where retryable).</summary>
    HttpError,

    /// <summary>No answer within the configured timeout, or the connection failed.</summary>
    Unreachable,

    /// <summary><c>promptFeedback.blockReason</c>: the prompt itself was blocked.</summary>
    PromptBlocked,

    /// <summary><c>finishReason: SAFETY</c>.</summary>
    Safety,

    /// <summary><c>finishReason: MAX_TOKENS</c>: the answer was cut off.</summary>
    MaxTokens,

    /// <summary><c>finishReason: RECITATION</c>.</summary>
    Recitation,

    /// <summary><c>finishReason: MALFORMED_FUNCTION_CALL</c>.</summary>
    MalformedFunctionCall,

    /// <summary>Another finish reason than STOP (e.g. <c>OTHER</c>, <c>BLOCKLIST</c>, <c>PROHIBITED_CONTENT</c>).</summary>
    UnexpectedFinish,

    /// <summary>No candidates, or a candidate without parts.</summary>
    EmptyCandidates,

    /// <summary>The answer is not the JSON or the function calls that were asked for.</summary>
    UnparseableOutput,

    /// <summary>No credentials to call with (Vertex AI: no Application Default Credentials, or the token server refused them).</summary>
    Credentials,
}

/// <summary>An explicit, typed failure of a Gemini call; never retried by the caller, always answered by the rules.</summary>
public sealed class GeminiException : Exception
{
    public GeminiException(GeminiFailure failure, string message, TokenUsage? usage = null, int? statusCode = null, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
        Usage = usage ?? TokenUsage.Zero;
        StatusCode = statusCode;
    }

    public GeminiFailure Failure { get; }

    /// <summary>Tokens the failed call still used (a MAX_TOKENS or SAFETY answer is billed).</summary>
    public TokenUsage Usage { get; }

    /// <summary>HTTP status for <see cref="GeminiFailure.HttpError"/>.</summary>
    public int? StatusCode { get; }

    /// <summary>The call that failed (provider, exchanges on the wire), when it got as far as the provider.</summary>
    public Llm.LlmCall? Call { get; set; }
}
