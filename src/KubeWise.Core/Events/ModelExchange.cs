using System.Text.Json.Serialization;

namespace KubeWise.Core.Events;

/// <summary>
/// One HTTP request to a model as it went over the wire (credentials removed) and the raw answer, kept on the event
/// (<c>model_exchanges</c>) so anyone can see exactly what left the cluster. Bodies are size-capped.
/// </summary>
public sealed record ModelExchange
{
    /// <summary><c>analysis</c>, <c>verification</c> or <c>query_proposals</c>.</summary>
    [JsonPropertyName("purpose")]
    public required string Purpose { get; init; }

    /// <summary><c>gemini</c>, <c>vertex-ai</c> or <c>openai-compatible</c>.</summary>
    [JsonPropertyName("provider")]
    public required string Provider { get; init; }

    [JsonPropertyName("model")]
    public string? Model { get; init; }

    [JsonPropertyName("at")]
    public DateTimeOffset At { get; init; }

    [JsonPropertyName("latency_ms")]
    public long LatencyMs { get; init; }

    [JsonPropertyName("method")]
    public required string Method { get; init; }

    /// <summary>The URL without credentials (a <c>key</c> query parameter is removed).</summary>
    [JsonPropertyName("url")]
    public required string Url { get; init; }

    /// <summary>Request headers as sent, without <c>Authorization</c>, <c>api-key</c> and <c>x-goog-api-key</c>.</summary>
    [JsonPropertyName("request_headers")]
    public IReadOnlyDictionary<string, string> RequestHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary>The request body (UTF-8), cut at <c>Llm:MaxRecordedBytes</c>.</summary>
    [JsonPropertyName("request_body")]
    public string RequestBody { get; init; } = "";

    /// <summary>Size of the whole request body in bytes.</summary>
    [JsonPropertyName("request_bytes")]
    public long RequestBytes { get; init; }

    [JsonPropertyName("request_truncated")]
    public bool RequestTruncated { get; init; }

    /// <summary>HTTP status of the answer; null when no answer came (timeout, connection lost).</summary>
    [JsonPropertyName("status")]
    public int? Status { get; init; }

    /// <summary>The raw answer body (UTF-8), cut at <c>Llm:MaxRecordedBytes</c>.</summary>
    [JsonPropertyName("response_body")]
    public string? ResponseBody { get; init; }

    [JsonPropertyName("response_bytes")]
    public long ResponseBytes { get; init; }

    [JsonPropertyName("response_truncated")]
    public bool ResponseTruncated { get; init; }

    /// <summary>Why no answer came, when none did.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }
}
