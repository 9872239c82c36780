using KubeWise.Core.Analysis.Gemini;
using KubeWise.Core.Analysis.Gemini.Wire;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace KubeWise.Core.Analysis.Llm;

/// <summary>
/// Gemini (Developer API or Vertex AI) as an <see cref="IChatClient"/>, over the existing <see cref="GeminiClient"/>: its
/// wire code, retries and explicit failures (<see cref="GeminiException"/>) are unchanged. A request built by KubeWise's
/// prompt builders arrives whole through <see cref="ChatOptions.RawRepresentationFactory"/>; plain chat is translated.
/// </summary>
public sealed class GeminiChatClient(GeminiClient client) : IChatClient
{
    public IGeminiEndpoint Endpoint => client.Endpoint;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var request = options?.RawRepresentationFactory?.Invoke(this) as GenerateContentRequest ?? Build(messages.ToList(), options);
        var answer = await client.GenerateContentAsync(request, cancellationToken).ConfigureAwait(false);
        var contents = new List<AIContent>();
        if (answer.Text.Length > 0)
        {
            contents.Add(new TextContent(answer.Text));
        }

        contents.AddRange(answer.FunctionCalls.Select((c, i) => new FunctionCallContent(
            $"call-{i}", c.Name, c.Args is { } args ? args.Deserialize<Dictionary<string, object?>>() : null)));
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, contents))
        {
            ModelId = answer.ModelVersion ?? client.Endpoint.Model,
            Usage = new UsageDetails
            {
                InputTokenCount = answer.Usage.PromptTokens,
                OutputTokenCount = answer.Usage.CandidatesTokens,
                TotalTokenCount = answer.Usage.TotalTokens,
            },
            RawRepresentation = answer,
            FinishReason = ChatFinishReason.Stop,
        };
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("KubeWise asks Gemini for whole answers only.");

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("gemini", client.Endpoint.GenerateContentUri, client.Endpoint.Model)
        : null;

    public void Dispose()
    {
    }

    private static GenerateContentRequest Build(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        var system = string.Join("\n", messages.Where(m => m.Role == ChatRole.System).Select(m => m.Text));
        var contents = messages.Where(m => m.Role != ChatRole.System)
            .Select(m => new Content([new Part(Text: m.Text)], m.Role == ChatRole.Assistant ? "model" : "user")).ToArray();
        var json = options?.ResponseFormat is ChatResponseFormatJson;
        return new GenerateContentRequest(
            contents,
            system.Length == 0 ? null : Content.System(system),
            new GenerationConfig(options?.Temperature, options?.MaxOutputTokens, json ? "application/json" : null));
    }
}
