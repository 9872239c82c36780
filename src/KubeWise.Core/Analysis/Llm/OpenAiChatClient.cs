using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KubeWise.Core.Analysis.Gemini;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace KubeWise.Core.Analysis.Llm;

/// <summary>
/// An OpenAI-compatible <c>/chat/completions</c> endpoint (Ollama, vLLM, LM Studio, gateways, Azure OpenAI <c>/openai/v1</c>)
/// as an <see cref="IChatClient"/>. Failures are the same explicit <see cref="GeminiException"/>s as Gemini's, so every
/// provider falls back to the rules the same way: HTTP errors, timeouts, a cut-off (<c>length</c>) or filtered answer,
/// a refusal, an empty answer.
/// </summary>
public sealed class OpenAiChatClient(HttpClient http, IOptions<LlmOptions> options) : IChatClient
{
    public const string AzureKeyHeader = "api-key";

    private readonly LlmOptions _options = options.Value;

    public Uri CompletionsUri => new($"{(_options.Endpoint ?? "http://unset").TrimEnd('/')}/chat/completions");

    /// <summary>Azure OpenAI's v1 API takes its key in the <c>api-key</c> header; everything else takes a bearer token.</summary>
    public bool IsAzure => _options.Endpoint is { } e && e.Contains("/openai/v1", StringComparison.OrdinalIgnoreCase);

    public static ChatCompletionRequest BuildRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, LlmOptions settings)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(settings);
        var wire = messages.Select(m => new ChatCompletionMessage(m.Role.Value, m.Text)).ToArray();
        ChatCompletionResponseFormat? format = null;
        if (options?.ResponseFormat is ChatResponseFormatJson json && settings.StructuredOutput != LlmStructuredOutput.None)
        {
            format = json.Schema is { } schema && settings.StructuredOutput == LlmStructuredOutput.JsonSchema
                ? new ChatCompletionResponseFormat("json_schema", new ChatCompletionJsonSchema(json.SchemaName ?? "answer", schema, json.SchemaDescription))
                : new ChatCompletionResponseFormat("json_object");
        }

        var tools = options?.Tools?.OfType<AIFunctionDeclaration>()
            .Select(t => new ChatCompletionTool(new ChatCompletionFunction(t.Name, t.Description, t.JsonSchema)))
            .ToArray();
        return new ChatCompletionRequest(
            options?.ModelId ?? settings.Model ?? string.Empty,
            wire,
            options?.Temperature,
            options?.MaxOutputTokens,
            format,
            tools is { Length: > 0 } ? tools : null,
            tools is { Length: > 0 } ? (options?.ToolMode is RequiredChatToolMode ? "required" : "auto") : null);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (!_options.IsOpenAiConfigured)
        {
            throw new GeminiException(GeminiFailure.Credentials, "Llm:Endpoint and Llm:Model must be set for the OpenAI-compatible provider.");
        }

        var body = BuildRequest(messages, options, _options);
        using var message = new HttpRequestMessage(HttpMethod.Post, CompletionsUri)
        {
            Content = JsonContent.Create(body, options: OpenAiJson.Options),
        };
        Authorize(message);
        using var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        ChatCompletionResponse? completion;
        try
        {
            completion = await response.Content.ReadFromJsonAsync<ChatCompletionResponse>(OpenAiJson.Options, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new GeminiException(GeminiFailure.UnparseableOutput, $"The model server's response is not chat-completions JSON: {ex.Message}", inner: ex);
        }

        return Read(completion ?? throw new GeminiException(GeminiFailure.EmptyCandidates, "The model server returned an empty body."));
    }

    /// <summary>A chat-completions response as a <see cref="ChatResponse"/>, or an explicit failure.</summary>
    public static ChatResponse Read(ChatCompletionResponse completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var u = completion.Usage;
        var usage = new TokenUsage(u?.PromptTokens ?? 0, u?.CompletionTokens ?? 0, u?.TotalTokens ?? ((u?.PromptTokens ?? 0) + (u?.CompletionTokens ?? 0)));
        var choice = completion.Choices?.FirstOrDefault()
            ?? throw new GeminiException(GeminiFailure.EmptyCandidates, "The model returned no choices.", usage);
        var failure = choice.FinishReason switch
        {
            null or "stop" or "tool_calls" or "function_call" => (GeminiFailure?)null,
            "length" => GeminiFailure.MaxTokens,
            "content_filter" => GeminiFailure.Safety,
            _ => GeminiFailure.UnexpectedFinish,
        };
        if (failure is { } f)
        {
            throw new GeminiException(f, $"The model stopped with finish_reason {choice.FinishReason}; the answer is not used.", usage);
        }

        var answer = choice.Message ?? throw new GeminiException(GeminiFailure.EmptyCandidates, "The model's choice has no message.", usage);
        if (!string.IsNullOrWhiteSpace(answer.Refusal))
        {
            throw new GeminiException(GeminiFailure.PromptBlocked, $"The model refused: {answer.Refusal}", usage);
        }

        var contents = new List<AIContent>();
        if (!string.IsNullOrEmpty(answer.Content))
        {
            contents.Add(new TextContent(answer.Content));
        }

        foreach (var call in answer.ToolCalls ?? [])
        {
            if (string.IsNullOrWhiteSpace(call.Function?.Name))
            {
                throw new GeminiException(GeminiFailure.MalformedFunctionCall, "The model returned a tool call without a function name.", usage);
            }

            Dictionary<string, object?>? args;
            try
            {
                args = string.IsNullOrWhiteSpace(call.Function.Arguments) ? null
                    : JsonSerializer.Deserialize<Dictionary<string, object?>>(call.Function.Arguments);
            }
            catch (JsonException ex)
            {
                throw new GeminiException(GeminiFailure.MalformedFunctionCall,
                    $"The model's call of {call.Function.Name} has arguments that are not a JSON object: {ex.Message}", usage, inner: ex);
            }

            contents.Add(new FunctionCallContent(call.Id ?? call.Function.Name, call.Function.Name, args));
        }

        if (contents.Count == 0 || (contents.All(c => c is TextContent) && string.IsNullOrWhiteSpace(ChatTranslation.CleanText(answer.Content))))
        {
            throw new GeminiException(GeminiFailure.EmptyCandidates, "The model's answer has no text and no tool call.", usage);
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, contents))
        {
            ModelId = completion.Model,
            ResponseId = completion.Id,
            FinishReason = choice.FinishReason == "tool_calls" ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = usage.PromptTokens, OutputTokenCount = usage.CandidatesTokens, TotalTokenCount = usage.TotalTokens },
            RawRepresentation = completion,
        };
    }

    /// <summary>The model ids the server lists (<c>GET {Endpoint}/models</c>), for health.</summary>
    public async Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri($"{(_options.Endpoint ?? "http://unset").TrimEnd('/')}/models"));
        Authorize(message);
        using var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        try
        {
            var list = await response.Content.ReadFromJsonAsync<ModelList>(OpenAiJson.Options, cancellationToken).ConfigureAwait(false);
            return [.. (list?.Data ?? []).Select(m => m.Id).OfType<string>()];
        }
        catch (JsonException ex)
        {
            throw new GeminiException(GeminiFailure.UnparseableOutput, $"The model server's model list is not JSON: {ex.Message}", inner: ex);
        }
    }

    private sealed record ModelList(IReadOnlyList<ModelEntry>? Data = null);

    private sealed record ModelEntry(string? Id = null);

    private void Authorize(HttpRequestMessage message)
    {
        if (string.IsNullOrWhiteSpace(_options.ApiKey))
        {
            return;
        }

        if (IsAzure)
        {
            message.Headers.Add(AzureKeyHeader, _options.ApiKey.Trim());
        }
        else
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey.Trim());
        }
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("KubeWise asks for whole answers only.");

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("openai-compatible", CompletionsUri, _options.Model)
        : null;

    public void Dispose()
    {
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new GeminiException(GeminiFailure.Unreachable, string.Create(CultureInfo.InvariantCulture,
                $"The model server at {CompletionsUri.GetLeftPart(UriPartial.Authority)} did not answer in time ({ex.Timeout.TotalSeconds:0.#} s)."), inner: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new GeminiException(GeminiFailure.Unreachable, $"The model server at {CompletionsUri.GetLeftPart(UriPartial.Authority)} could not be reached: {ex.Message}", inner: ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GeminiException(GeminiFailure.Unreachable, "The model server did not answer in time.", inner: ex);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        string detail;
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            detail = JsonSerializer.Deserialize<ChatCompletionErrorEnvelope>(text, OpenAiJson.Options)?.Error?.Message is { } m ? m : response.StatusCode.ToString();
        }
        catch (JsonException)
        {
            detail = response.StatusCode.ToString();
        }

        var hint = response.StatusCode switch
        {
            HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized => " (check Llm:ApiKey)",
            HttpStatusCode.NotFound => " (check Llm:Endpoint and Llm:Model)",
            _ => string.Empty,
        };
        throw new GeminiException(GeminiFailure.HttpError, $"The model server answered HTTP {status}: {detail}{hint}", statusCode: status);
    }
}
