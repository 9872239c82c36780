using System.ComponentModel.DataAnnotations;

namespace KubeWise.Core.Analysis;

/// <summary>Gemini. Seed names: <c>GEMINI_API_KEY</c>, <c>GEMINI_AUTO_ANALYSIS</c>, <c>GEMINI_AUTO_VERIFICATION</c>.</summary>
public sealed class GeminiOptions
{
    public const string SectionName = "Gemini";

    /// <summary>Gemini Developer API key; when unset the rule analyzer answers.</summary>
    /// <value>Default: unset.</value>
    public string? ApiKey { get; set; }

    /// <summary>Ask Gemini for root cause and fix.</summary>
    /// <value>Default: true.</value>
    public bool AutoAnalysis { get; set; } = true;

    /// <summary>Ask Gemini whether a fix worked.</summary>
    /// <value>Default: true.</value>
    public bool AutoVerification { get; set; } = true;

    /// <summary>
    /// Model id. A generally available Flash model: GA models are shut down oldest first, so the newest GA Flash
    /// gives the longest runway; several 2.x models were already past their shutdown date in 2026.
    /// </summary>
    /// <value>Default: <c>gemini-3.8-flash</c>.</value>
    [Required, RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]*$", ErrorMessage = "Gemini:Model must be a bare model id such as gemini-3.8-flash.")]
    public string Model { get; set; } = "gemini-3.8-flash";

    /// <summary>Base URL of the Developer API (override for a proxy or a test server).</summary>
    /// <value>Default: <c>https://generativelanguage.googleapis.com</c>.</value>
    [Required, Url]
    public string Endpoint { get; set; } = "https://generativelanguage.googleapis.com";

    /// <summary>How the model returns its answer: <c>StructuredJson</c> (responseSchema) or <c>FunctionCalling</c> (tools, mode ANY).</summary>
    /// <value>Default: <c>StructuredJson</c>.</value>
    public GeminiOutputMode OutputMode { get; set; } = GeminiOutputMode.StructuredJson;

    /// <summary>Sampling temperature; low so that the same incident gets the same answer.</summary>
    /// <value>Default: 0.1.</value>
    [Range(0.0, 2.0)]
    public double Temperature { get; set; } = 0.1;

    /// <summary>Upper bound of tokens the model may generate per call (thinking included).</summary>
    /// <value>Default: 4096.</value>
    [Range(64, 65_536)]
    public int MaxOutputTokens { get; set; } = 4096;

    /// <summary>Time one whole call may take, retries and their waits included; past it the rule analyzer answers.</summary>
    /// <value>Default: 60 seconds.</value>
    [Range(1, 600)]
    public int RequestTimeoutSeconds { get; set; } = 60;

    /// <summary>Time one attempt may take before it is abandoned (and retried while the total allows).</summary>
    /// <value>Default: 30 seconds.</value>
    [Range(1, 600)]
    public int AttemptTimeoutSeconds { get; set; } = 30;

    /// <summary>Retries after a 429, 500, 503 or 504 answer or a lost connection; 400, 403 and 404 are never retried.</summary>
    /// <value>Default: 3.</value>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff delay in milliseconds (exponential with jitter) when the server names no <c>Retry-After</c>.</summary>
    /// <value>Default: 1000.</value>
    [Range(1, 60_000)]
    public int RetryBaseDelayMilliseconds { get; set; } = 1000;

    /// <summary>Longest <c>Retry-After</c> honoured; a server asking for more is not retried, the rule analyzer answers instead.</summary>
    /// <value>Default: 30 seconds.</value>
    [Range(0, 600)]
    public int MaxRetryAfterSeconds { get; set; } = 30;

    /// <summary>Tokens (prompt + answer, as <c>usageMetadata.totalTokenCount</c> reports) one incident may spend; once spent the rules answer.</summary>
    /// <value>Default: 20000.</value>
    [Range(1, 10_000_000)]
    public int TokenBudgetPerIncident { get; set; } = 20_000;

    /// <summary>
    /// Which Gemini API to call: <c>DeveloperApi</c> (API key) or <c>VertexAi</c> (project, location and a bearer token
    /// from Application Default Credentials; see <see cref="Vertex.VertexOptions"/>). Only the transport differs.
    /// </summary>
    /// <value>Default: <c>DeveloperApi</c>.</value>
    public GeminiProvider Provider { get; set; } = GeminiProvider.DeveloperApi;

    /// <summary>True when a key is configured.</summary>
    public bool HasApiKey => !string.IsNullOrWhiteSpace(ApiKey);
}

/// <summary>The API a Gemini request goes to.</summary>
public enum GeminiProvider
{
    /// <summary>The Gemini Developer API (<c>generativelanguage.googleapis.com</c>, <c>x-goog-api-key</c>).</summary>
    DeveloperApi,

    /// <summary>Vertex AI (<c>{location}-aiplatform.googleapis.com</c>, OAuth bearer token).</summary>
    VertexAi,
}

/// <summary>How Gemini returns structured answers.</summary>
public enum GeminiOutputMode
{
    /// <summary><c>responseMimeType: application/json</c> with a <c>responseSchema</c>.</summary>
    StructuredJson,

    /// <summary><c>tools.functionDeclarations</c> with <c>functionCallingConfig.mode: ANY</c>.</summary>
    FunctionCalling,
}
