using System.ComponentModel.DataAnnotations;

namespace KubeWise.Core.Analysis.Llm;

/// <summary>
/// Which model answers analysis, verification and query proposals. Section <c>Llm</c>. With the default provider
/// (<c>Gemini</c>) every <c>Gemini:*</c> setting keeps its meaning; <c>OpenAiCompatible</c> speaks the chat-completions
/// API of Ollama, vLLM, LM Studio, an OpenAI-compatible gateway or Azure OpenAI's <c>/openai/v1</c> path.
/// </summary>
public sealed class LlmOptions : IValidatableObject
{
    public const string SectionName = "Llm";

    /// <summary><c>Gemini</c> (Developer API or Vertex AI, see <c>Gemini:Provider</c>) or <c>OpenAiCompatible</c>.</summary>
    /// <value>Default: <c>Gemini</c>.</value>
    public LlmProviderKind Provider { get; set; } = LlmProviderKind.Gemini;

    /// <summary>
    /// Base URL of the OpenAI-compatible API, up to and including its version path: <c>http://localhost:11434/v1</c>
    /// (Ollama), <c>http://vllm:8000/v1</c>, <c>https://NAME.openai.azure.com/openai/v1</c>. <c>/chat/completions</c> is appended.
    /// </summary>
    /// <value>Default: unset (required when <c>Llm:Provider</c> is <c>OpenAiCompatible</c>).</value>
    [Url]
    public string? Endpoint { get; set; }

    /// <summary>Model name the server knows (<c>llama3.1:8b</c>, <c>qwen2.5:7b-instruct</c>, an Azure deployment name).</summary>
    /// <value>Default: unset (required when <c>Llm:Provider</c> is <c>OpenAiCompatible</c>).</value>
    public string? Model { get; set; }

    /// <summary>
    /// Key for the OpenAI-compatible server; optional (local servers need none). Sent as <c>Authorization: Bearer</c>,
    /// or as the <c>api-key</c> header when the endpoint is an Azure OpenAI <c>/openai/v1</c> URL.
    /// </summary>
    /// <value>Default: unset.</value>
    public string? ApiKey { get; set; }

    /// <summary>
    /// How an OpenAI-compatible server is asked for structured output: <c>JsonSchema</c> (<c>response_format</c> with the
    /// answer's JSON schema), <c>JsonObject</c> (<c>response_format: json_object</c>) or <c>None</c> (the prompt alone;
    /// the answer is still parsed strictly). Code fences and <c>&lt;think&gt;</c> text around the JSON are removed either way.
    /// </summary>
    /// <value>Default: <c>JsonSchema</c>.</value>
    public LlmStructuredOutput StructuredOutput { get; set; } = LlmStructuredOutput.JsonSchema;

    /// <summary>Largest prompt one call may send, in estimated tokens (4 characters each); the lowest-contribution evidence is left out first.</summary>
    /// <value>Default: 12000.</value>
    [Range(256, 2_000_000)]
    public int MaxInputTokensPerCall { get; set; } = 12_000;

    /// <summary>Tokens one provider may spend in a rolling hour; after that the rules answer with the reason "budget". 0: no hourly cap.</summary>
    /// <value>Default: 1000000.</value>
    [Range(0, int.MaxValue)]
    public int HourlyTokenBudget { get; set; } = 1_000_000;

    /// <summary>Keep the request bytes as sent (credentials removed) and the raw answer of every model call on the event.</summary>
    /// <value>Default: true.</value>
    public bool RecordExchanges { get; set; } = true;

    /// <summary>Longest request or answer body kept on the event, in bytes; longer ones are cut and marked truncated.</summary>
    /// <value>Default: 65536.</value>
    [Range(1024, 4_194_304)]
    public int MaxRecordedBytes { get; set; } = 65_536;

    /// <summary>True when an OpenAI-compatible provider has what it needs to be called.</summary>
    public bool IsOpenAiConfigured => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Model);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == LlmProviderKind.OpenAiCompatible && string.IsNullOrWhiteSpace(Endpoint))
        {
            yield return new ValidationResult("Llm:Endpoint is required when Llm:Provider is OpenAiCompatible (e.g. http://localhost:11434/v1 for Ollama).", [nameof(Endpoint)]);
        }

        if (Provider == LlmProviderKind.OpenAiCompatible && string.IsNullOrWhiteSpace(Model))
        {
            yield return new ValidationResult("Llm:Model is required when Llm:Provider is OpenAiCompatible (e.g. llama3.1:8b).", [nameof(Model)]);
        }
    }
}

/// <summary>The API family a model call goes to.</summary>
public enum LlmProviderKind
{
    /// <summary>Gemini: the Developer API or Vertex AI (<c>Gemini:Provider</c>).</summary>
    Gemini,

    /// <summary>An OpenAI-compatible <c>/chat/completions</c> endpoint.</summary>
    OpenAiCompatible,
}

/// <summary>How structured output is requested from an OpenAI-compatible server.</summary>
public enum LlmStructuredOutput
{
    JsonSchema,
    JsonObject,
    None,
}
