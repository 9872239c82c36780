using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeWise.Core.Analysis.Llm;

// Shapes of the OpenAI chat-completions API (POST {base}/chat/completions) that Ollama, vLLM, LM Studio and Azure
// OpenAI's /openai/v1 path speak. Serialized with OpenAiJson.Options: snake_case, nulls omitted.

public static class OpenAiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

public sealed record ChatCompletionRequest(
    string Model,
    IReadOnlyList<ChatCompletionMessage> Messages,
    double? Temperature = null,
    int? MaxTokens = null,
    ChatCompletionResponseFormat? ResponseFormat = null,
    IReadOnlyList<ChatCompletionTool>? Tools = null,
    string? ToolChoice = null,
    bool Stream = false);

public sealed record ChatCompletionMessage(string Role, string? Content);

public sealed record ChatCompletionResponseFormat(string Type, ChatCompletionJsonSchema? JsonSchema = null);

public sealed record ChatCompletionJsonSchema(string Name, JsonElement Schema, string? Description = null, bool? Strict = null);

public sealed record ChatCompletionTool(ChatCompletionFunction Function, string Type = "function");

public sealed record ChatCompletionFunction(string Name, string? Description, JsonElement? Parameters);

public sealed record ChatCompletionResponse(
    string? Id = null,
    string? Model = null,
    IReadOnlyList<ChatCompletionChoice>? Choices = null,
    ChatCompletionUsage? Usage = null);

public sealed record ChatCompletionChoice(int Index = 0, ChatCompletionAnswer? Message = null, string? FinishReason = null);

public sealed record ChatCompletionAnswer(
    string? Role = null,
    string? Content = null,
    IReadOnlyList<ChatCompletionToolCall>? ToolCalls = null,
    string? Refusal = null);

public sealed record ChatCompletionToolCall(string? Id = null, string? Type = null, ChatCompletionCall? Function = null);

/// <summary>A tool call; <see cref="Arguments"/> is a JSON object serialized as a string.</summary>
public sealed record ChatCompletionCall(string? Name = null, string? Arguments = null);

public sealed record ChatCompletionUsage(int? PromptTokens = null, int? CompletionTokens = null, int? TotalTokens = null);

public sealed record ChatCompletionErrorEnvelope(ChatCompletionError? Error = null);

public sealed record ChatCompletionError(string? Message = null, string? Type = null, JsonElement? Code = null);
