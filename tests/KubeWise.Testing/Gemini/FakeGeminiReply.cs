using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeWise.Testing.Gemini;

/// <summary>One scripted answer of <see cref="FakeGeminiServer"/>, shaped like the real Gemini REST API's.</summary>
public sealed record FakeGeminiReply(int Status, string Body, TimeSpan Delay = default, IReadOnlyDictionary<string, string>? Headers = null)
{
    public const string ModelVersion = "gemini-3.8-flash";

    /// <summary>A STOP answer whose text is <paramref name="value"/> serialized as JSON (structured output).</summary>
    public static FakeGeminiReply Json(object value, int promptTokens = 812, int answerTokens = 164) =>
        Text(value as string ?? JsonSerializer.Serialize(value), promptTokens, answerTokens);

    /// <summary>A STOP answer with one text part.</summary>
    public static FakeGeminiReply Text(string text, int promptTokens = 812, int answerTokens = 164) =>
        Ok(Candidate(new JsonArray(new JsonObject { ["text"] = text }), "STOP"), promptTokens, answerTokens);

    /// <summary>A STOP answer made of function calls (function calling, mode ANY).</summary>
    public static FakeGeminiReply FunctionCalls(params (string Name, object Args)[] calls) =>
        Ok(Candidate(
            new JsonArray(calls.Select(c => (JsonNode)new JsonObject
            {
                ["functionCall"] = new JsonObject { ["name"] = c.Name, ["args"] = JsonSerializer.SerializeToNode(c.Args) },
            }).ToArray()),
            "STOP"), 905, 121);

    /// <summary>A candidate stopped for <paramref name="finishReason"/> (SAFETY, MAX_TOKENS, RECITATION, MALFORMED_FUNCTION_CALL…).</summary>
    public static FakeGeminiReply Finish(string finishReason, string? partialText = null, int promptTokens = 812, int answerTokens = 0)
    {
        var candidate = new JsonObject { ["finishReason"] = finishReason, ["index"] = 0 };
        if (partialText is not null)
        {
            candidate["content"] = new JsonObject { ["role"] = "model", ["parts"] = new JsonArray(new JsonObject { ["text"] = partialText }) };
        }

        if (finishReason == "SAFETY")
        {
            candidate["safetyRatings"] = new JsonArray(new JsonObject
            {
                ["category"] = "HARM_CATEGORY_DANGEROUS_CONTENT",
                ["probability"] = "HIGH",
                ["blocked"] = true,
            });
        }

        return Ok(candidate, promptTokens, answerTokens);
    }

    /// <summary>The prompt itself was blocked: <c>promptFeedback.blockReason</c>, no candidates.</summary>
    public static FakeGeminiReply BlockedPrompt(string blockReason = "SAFETY") => new(200, new JsonObject
    {
        ["promptFeedback"] = new JsonObject
        {
            ["blockReason"] = blockReason,
            ["safetyRatings"] = new JsonArray(new JsonObject { ["category"] = "HARM_CATEGORY_DANGEROUS_CONTENT", ["probability"] = "HIGH" }),
        },
        ["usageMetadata"] = Usage(640, 0),
        ["modelVersion"] = ModelVersion,
    }.ToJsonString());

    /// <summary>A 200 answer without candidates.</summary>
    public static FakeGeminiReply EmptyCandidates() => new(200, new JsonObject
    {
        ["usageMetadata"] = Usage(812, 0),
        ["modelVersion"] = ModelVersion,
    }.ToJsonString());

    /// <summary>A STOP answer whose text is cut-off JSON.</summary>
    public static FakeGeminiReply MalformedJson() => Text("{\"root_cause\": \"Memory leak in the cache\", \"severity\": \"HIGH\", \"commands\": [{\"operation\": ");

    /// <summary>The API's error envelope <c>{"error":{"code","message","status"}}</c>.</summary>
    public static FakeGeminiReply Error(int code, string status, string message, int? retryAfterSeconds = null) => new(
        code,
        new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["status"] = status } }.ToJsonString(),
        Headers: retryAfterSeconds is { } s ? new Dictionary<string, string> { ["Retry-After"] = s.ToString(CultureInfo.InvariantCulture) } : null);

    public static FakeGeminiReply TooManyRequests(int retryAfterSeconds) =>
        Error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).", retryAfterSeconds);

    public static FakeGeminiReply InternalError() => Error(500, "INTERNAL", "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting");

    public static FakeGeminiReply Unavailable() => Error(503, "UNAVAILABLE", "The model is overloaded. Please try again later.");

    public static FakeGeminiReply BadRequest(string message) => Error(400, "INVALID_ARGUMENT", message);

    public static FakeGeminiReply PermissionDenied() => Error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.");

    public static FakeGeminiReply ModelNotFound(string model) => Error(404, "NOT_FOUND", $"models/{model} is not found for API version v1beta, or is not supported for generateContent.");

    /// <summary>The <c>GET models/{model}</c> description.</summary>
    public static FakeGeminiReply Model(string model) => new(200, new JsonObject
    {
        ["name"] = $"models/{model}",
        ["version"] = "001",
        ["displayName"] = model,
        ["inputTokenLimit"] = 1048576,
        ["outputTokenLimit"] = 65536,
        ["supportedGenerationMethods"] = new JsonArray("generateContent", "countTokens"),
    }.ToJsonString());

    /// <summary>The same reply, sent only after <paramref name="delay"/>.</summary>
    public FakeGeminiReply After(TimeSpan delay) => this with { Delay = delay };

    private static JsonObject Candidate(JsonArray parts, string finishReason) => new()
    {
        ["content"] = new JsonObject { ["parts"] = parts, ["role"] = "model" },
        ["finishReason"] = finishReason,
        ["index"] = 0,
    };

    private static FakeGeminiReply Ok(JsonObject candidate, int promptTokens, int answerTokens) => new(200, new JsonObject
    {
        ["candidates"] = new JsonArray(candidate),
        ["usageMetadata"] = Usage(promptTokens, answerTokens),
        ["modelVersion"] = ModelVersion,
        ["responseId"] = "fake-" + promptTokens.ToString(CultureInfo.InvariantCulture),
    }.ToJsonString());

    private static JsonObject Usage(int prompt, int answer) => new()
    {
        ["promptTokenCount"] = prompt,
        ["candidatesTokenCount"] = answer,
        ["totalTokenCount"] = prompt + answer,
    };
}
