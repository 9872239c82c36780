using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeWise.Testing.OpenAi;

/// <summary>
/// One scripted answer of <see cref="FakeOpenAiServer"/>, shaped like an OpenAI-compatible <c>/chat/completions</c>
/// response, with the quirks local models show: answers in code fences, thinking text before the JSON, tool calls
/// with parameters nobody declared.
/// </summary>
public sealed record FakeOpenAiReply(int Status, string Body, TimeSpan Delay = default)
{
    public const string Model = "llama3.1:8b";

    /// <summary>A <c>stop</c> answer whose content is <paramref name="value"/> as JSON.</summary>
    public static FakeOpenAiReply Json(object value, int promptTokens = 700, int completionTokens = 150) =>
        Content(JsonSerializer.Serialize(value), promptTokens, completionTokens);

    /// <summary>The JSON wrapped in a <c>```json</c> fence, as many local models answer.</summary>
    public static FakeOpenAiReply Fenced(object value) =>
        Content($"Here is the analysis:\n\n```json\n{JsonSerializer.Serialize(value, Indented)}\n```\n");

    /// <summary>Reasoning in <c>&lt;think&gt;</c> tags before the JSON, as reasoning models (DeepSeek-R1, Qwen3) answer.</summary>
    public static FakeOpenAiReply Thinking(object value, string thought = "The pod restarts 7 times; the last rollout is the likely cause. I should propose a rollback.") =>
        Content($"<think>\n{thought}\n</think>\n\n{JsonSerializer.Serialize(value)}");

    /// <summary>A <c>stop</c> answer with this exact content.</summary>
    public static FakeOpenAiReply Content(string content, int promptTokens = 700, int completionTokens = 150, string finishReason = "stop") =>
        Ok(new JsonObject { ["role"] = "assistant", ["content"] = content }, finishReason, promptTokens, completionTokens);

    /// <summary>A <c>tool_calls</c> answer; each call's arguments are serialized to a string, as the API does.</summary>
    public static FakeOpenAiReply ToolCalls(params (string Name, object Args)[] calls) =>
        Ok(new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = null,
            ["tool_calls"] = new JsonArray([.. calls.Select((c, i) => (JsonNode)new JsonObject
            {
                ["id"] = $"call_{i}",
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = JsonSerializer.Serialize(c.Args) },
            })]),
        }, "tool_calls", 820, 90);

    /// <summary>A choice that stopped for <paramref name="finishReason"/> (<c>length</c>, <c>content_filter</c>).</summary>
    public static FakeOpenAiReply Finish(string finishReason, string partial = "{\"root_cause\": \"The contain") =>
        Content(partial, 700, 4096, finishReason);

    /// <summary>An error in the OpenAI envelope (Ollama, vLLM and Azure answer the same shape).</summary>
    public static FakeOpenAiReply Error(int status, string message, string type = "invalid_request_error") =>
        new(status, new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = null },
        }.ToJsonString());

    private static FakeOpenAiReply Ok(JsonObject message, string finishReason, int promptTokens, int completionTokens) =>
        new(200, new JsonObject
        {
            ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N")[..12],
            ["object"] = "chat.completion",
            ["created"] = 1_764_140_400,
            ["model"] = Model,
            ["system_fingerprint"] = "fp_ollama",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finishReason }),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = promptTokens,
                ["completion_tokens"] = completionTokens,
                ["total_tokens"] = promptTokens + completionTokens,
            },
        }.ToJsonString());

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
