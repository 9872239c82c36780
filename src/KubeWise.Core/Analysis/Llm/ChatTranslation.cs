using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KubeWise.Core.Analysis.Gemini;
using KubeWise.Core.Analysis.Gemini.Wire;
using Microsoft.Extensions.AI;

namespace KubeWise.Core.Analysis.Llm;

/// <summary>
/// The prompt builders' requests as provider-neutral chat (<see cref="ChatMessage"/>s and <see cref="ChatOptions"/>), and a
/// provider's <see cref="ChatResponse"/> as the answer <see cref="AnswerParser"/> reads. Gemini receives its own request
/// unchanged through <see cref="ChatOptions.RawRepresentationFactory"/>; other providers build theirs from the chat.
/// </summary>
public static partial class ChatTranslation
{
    public static (IReadOnlyList<ChatMessage> Messages, ChatOptions Options) FromGemini(GenerateContentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var messages = new List<ChatMessage>();
        if (request.SystemInstruction is { } system)
        {
            messages.Add(new ChatMessage(ChatRole.System, TextOf(system)));
        }

        foreach (var content in request.Contents)
        {
            messages.Add(new ChatMessage(content.Role == "model" ? ChatRole.Assistant : ChatRole.User, TextOf(content)));
        }

        var config = request.GenerationConfig;
        var options = new ChatOptions
        {
            Temperature = config?.Temperature is { } t ? (float)t : null,
            MaxOutputTokens = config?.MaxOutputTokens,
            RawRepresentationFactory = client => client is GeminiChatClient ? request : null,
        };
        if (config?.ResponseSchema is { } schema)
        {
            options.ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonSchema(schema), "kubewise_answer", "The answer, exactly in this shape.");
        }
        else if (config?.ResponseMimeType == "application/json")
        {
            options.ResponseFormat = ChatResponseFormat.Json;
        }

        if (request.Tools is { Count: > 0 } tools)
        {
            options.Tools = [.. tools.SelectMany(t => t.FunctionDeclarations).Select(d =>
                (AITool)AIFunctionFactory.CreateDeclaration(d.Name, d.Description, d.Parameters is null ? EmptyObject : JsonSchema(d.Parameters)))];
            options.ToolMode = request.ToolConfig?.FunctionCallingConfig.Mode == FunctionCallingConfig.Any ? ChatToolMode.RequireAny : ChatToolMode.Auto;
        }

        return (messages, options);
    }

    /// <summary>The answer for <see cref="AnswerParser"/>: Gemini's own, or text and tool calls of another provider, cleaned of thinking and code fences.</summary>
    public static GeminiAnswer ToAnswer(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.RawRepresentation is GeminiAnswer gemini)
        {
            return gemini;
        }

        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()
            .Select(c => new FunctionCall(c.Name, c.Arguments is null ? null : JsonSerializer.SerializeToElement(c.Arguments)))
            .ToArray();
        return new GeminiAnswer(CleanText(response.Text), calls, UsageOf(response.Usage), response.ModelId);
    }

    public static TokenUsage UsageOf(UsageDetails? usage)
    {
        if (usage is null)
        {
            return TokenUsage.Zero;
        }

        var input = (int)(usage.InputTokenCount ?? 0);
        var output = (int)(usage.OutputTokenCount ?? 0);
        return new TokenUsage(input, output, (int)(usage.TotalTokenCount ?? (input + output)));
    }

    /// <summary>
    /// The JSON in a local model's answer: <c>&lt;think&gt;…&lt;/think&gt;</c> reasoning before it is removed, and when the answer holds a <c>```json</c>
    /// fence, only the fence's body is read; nothing else is guessed, so anything that is still not the asked-for JSON stays unparseable.
    /// </summary>
    public static string CleanText(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var cleaned = Thinking().Replace(text, string.Empty).Trim();
        var fence = Fence().Match(cleaned);
        return fence.Success ? fence.Groups["body"].Value.Trim() : cleaned;
    }

    /// <summary>Gemini's OpenAPI-subset schema as standard JSON Schema (lower-case types).</summary>
    public static JsonElement JsonSchema(Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return JsonSerializer.SerializeToElement(Node(schema));
    }

    private static JsonObject Node(Schema schema)
    {
        var node = new JsonObject { ["type"] = schema.Type.ToLowerInvariant() };
        if (schema.Description is not null)
        {
            node["description"] = schema.Description;
        }

        if (schema.Enum is { Count: > 0 })
        {
            node["enum"] = new JsonArray([.. schema.Enum.Select(e => (JsonNode?)JsonValue.Create(e))]);
        }

        if (schema.Minimum is { } min)
        {
            node["minimum"] = min;
        }

        if (schema.Maximum is { } max)
        {
            node["maximum"] = max;
        }

        if (schema.Items is { } items)
        {
            node["items"] = Node(items);
        }

        if (schema.Properties is { } properties)
        {
            var props = new JsonObject();
            foreach (var (name, property) in properties)
            {
                props[name] = Node(property);
            }

            node["properties"] = props;
            if (schema.Required is { Count: > 0 })
            {
                node["required"] = new JsonArray([.. schema.Required.Select(r => (JsonNode?)JsonValue.Create(r))]);
            }
        }

        return node;
    }

    private static string TextOf(Content content) => string.Concat(content.Parts.Select(p => p.Text ?? string.Empty));

    private static readonly JsonElement EmptyObject = JsonSerializer.SerializeToElement(new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() });

    [GeneratedRegex(@"<think(?:ing)?>.*?</think(?:ing)?>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Thinking();

    [GeneratedRegex(@"```[A-Za-z0-9_-]*[ \t]*\r?\n(?<body>.*?)\r?\n?```", RegexOptions.Singleline)]
    private static partial Regex Fence();
}
