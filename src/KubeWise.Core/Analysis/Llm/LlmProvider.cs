using System.Diagnostics;
using KubeWise.Core.Analysis.Gemini;
using KubeWise.Core.Analysis.Gemini.Wire;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Analysis.Llm;

/// <summary>
/// The one way KubeWise calls a model: analysis, verification and query proposals hand their request here, it goes to
/// the configured <see cref="IChatClient"/> (Gemini by default, or an OpenAI-compatible server), and the answer comes back
/// in the shape <see cref="AnswerParser"/> screens, with a record of the call. Failures are <see cref="GeminiException"/>s
/// that carry the record too, so what was sent is kept even when the rules answer.
/// </summary>
public sealed class LlmProvider(
    IServiceProvider services,
    IOptions<LlmOptions> options,
    IOptions<GeminiOptions> gemini,
    LlmBudget budget,
    ILogger<LlmProvider> logger)
{
    private IChatClient? _client;

    private IGeminiEndpoint GeminiEndpoint => services.GetRequiredService<IGeminiEndpoint>();

    public LlmOptions Settings => options.Value;

    /// <summary><c>gemini</c>, <c>vertex-ai</c> or <c>openai-compatible</c>.</summary>
    public string Name => options.Value.Provider == LlmProviderKind.OpenAiCompatible ? "openai-compatible"
        : gemini.Value.Provider == GeminiProvider.VertexAi ? "vertex-ai" : "gemini";

    /// <summary>How reasons name the provider: <c>Gemini</c> keeps today's wording ("Gemini failed …").</summary>
    public string DisplayName => options.Value.Provider == LlmProviderKind.OpenAiCompatible ? "The OpenAI-compatible model" : "Gemini";

    public AnalysisBackend Backend => options.Value.Provider == LlmProviderKind.OpenAiCompatible ? AnalysisBackend.Llm : AnalysisBackend.Gemini;

    public string? Model => options.Value.Provider == LlmProviderKind.OpenAiCompatible ? options.Value.Model : GeminiEndpoint.Model;

    public bool IsConfigured => options.Value.Provider == LlmProviderKind.OpenAiCompatible ? options.Value.IsOpenAiConfigured : GeminiEndpoint.IsConfigured;

    public string UnconfiguredReason => options.Value.Provider == LlmProviderKind.OpenAiCompatible
        ? "Llm:Endpoint and Llm:Model are not set."
        : GeminiEndpoint.UnconfiguredReason;

    /// <summary>The configured chat client.</summary>
    public IChatClient Client => _client ??= options.Value.Provider == LlmProviderKind.OpenAiCompatible
        ? services.GetRequiredService<OpenAiChatClient>()
        : services.GetRequiredService<GeminiChatClient>();

    /// <summary>Null while this provider may be asked within its hourly cap; else the reason (starting with "budget").</summary>
    public string? HourlyBudgetExhausted() => budget.Exhausted(Name, options.Value.HourlyTokenBudget);

    public async Task<LlmReply> CallAsync(string purpose, GenerateContentRequest request, CancellationToken cancellationToken, int trimmedEvidence = 0)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (messages, chatOptions) = ChatTranslation.FromGemini(request);
        using var capture = ExchangeRecorder.Begin(purpose, Name, Model);
        var clock = Stopwatch.StartNew();
        LlmCall Record(TokenUsage usage) => new(Name, Model, purpose, clock.ElapsedMilliseconds, usage, capture.Exchanges, trimmedEvidence);
        try
        {
            var response = await Client.GetResponseAsync(messages, chatOptions, cancellationToken).ConfigureAwait(false);
            var answer = ChatTranslation.ToAnswer(response);
            budget.Record(Name, answer.Usage.TotalTokens);
            LlmLog.Answered(logger, Name, Model, purpose, answer.Usage.TotalTokens, clock.ElapsedMilliseconds);
            return new LlmReply(answer, Record(answer.Usage));
        }
        catch (GeminiException ex)
        {
            budget.Record(Name, ex.Usage.TotalTokens);
            ex.Call ??= Record(ex.Usage);
            throw;
        }
    }

    /// <summary>
    /// The HTTP request this provider would send for <paramref name="request"/> — URL and body bytes, the same
    /// serialization the client uses — without sending it (<c>kubewise scan --explain --show-prompt</c>). Credentials are
    /// never part of it: they travel in headers.
    /// </summary>
    public ModelRequestPreview Preview(string purpose, GenerateContentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (options.Value.Provider == LlmProviderKind.OpenAiCompatible)
        {
            var (messages, chatOptions) = ChatTranslation.FromGemini(request);
            var body = OpenAiChatClient.BuildRequest(messages, chatOptions, options.Value);
            return new ModelRequestPreview(purpose, Name, Model, services.GetRequiredService<OpenAiChatClient>().CompletionsUri.AbsoluteUri,
                System.Text.Json.JsonSerializer.Serialize(body, OpenAiJson.Options));
        }

        return new ModelRequestPreview(purpose, Name, Model, GeminiEndpoint.GenerateContentUri.AbsoluteUri,
            System.Text.Json.JsonSerializer.Serialize(request, GeminiJson.Options));
    }

    /// <summary>
    /// Builds the request and leaves out the lowest-contribution evidence until its estimated size (4 characters a
    /// token) fits <c>Llm:MaxInputTokensPerCall</c>; the strongest evidence always stays.
    /// </summary>
    public (GenerateContentRequest Request, int Trimmed) Fit(AnomalyInput anomaly, Func<AnomalyInput, GenerateContentRequest> build)
    {
        ArgumentNullException.ThrowIfNull(anomaly);
        ArgumentNullException.ThrowIfNull(build);
        var cap = options.Value.MaxInputTokensPerCall;
        var kept = anomaly.OrderedEvidence.ToList();
        var request = build(anomaly);
        var trimmed = 0;
        while (EstimateTokens(request) > cap && kept.Count > 1)
        {
            kept.RemoveAt(kept.Count - 1);
            trimmed++;
            request = build(anomaly with { Evidence = kept.ToArray() });
        }

        if (trimmed > 0)
        {
            LlmLog.Trimmed(logger, anomaly.AnomalyId, trimmed, cap);
        }

        return (request, trimmed);
    }

    /// <summary>Estimated tokens of a request: the characters of its texts, its answer schema and its tools, over 4.</summary>
    public static int EstimateTokens(GenerateContentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.Contents.Append(request.SystemInstruction).OfType<Content>()
            .SelectMany(c => c.Parts).Sum(p => p.Text?.Length ?? 0);
        var schema = request.GenerationConfig?.ResponseSchema is { } s ? ChatTranslation.JsonSchema(s).GetRawText().Length : 0;
        var tools = request.Tools is { } t ? System.Text.Json.JsonSerializer.Serialize(t, GeminiJson.Options).Length : 0;
        return (text + schema + tools) / 4;
    }
}

internal static partial class LlmLog
{
    [LoggerMessage(EventId = 3400, Level = LogLevel.Information, Message = "{Provider} ({Model}) answered the {Purpose} call: {Tokens} tokens in {LatencyMs} ms")]
    public static partial void Answered(ILogger logger, string provider, string? model, string purpose, int tokens, long latencyMs);

    [LoggerMessage(EventId = 3401, Level = LogLevel.Information, Message = "Incident {AnomalyId}: {Count} lowest-contribution evidence item(s) left out to fit {Cap} input tokens")]
    public static partial void Trimmed(ILogger logger, string anomalyId, int count, int cap);
}
