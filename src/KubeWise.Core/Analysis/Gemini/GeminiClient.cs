using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KubeWise.Core.Analysis.Gemini.Wire;
using Microsoft.Extensions.Logging;
using Polly.Timeout;

namespace KubeWise.Core.Analysis.Gemini;

/// <summary>
/// Typed HttpClient for <c>generateContent</c> and <c>models.get</c>. The <see cref="IGeminiEndpoint"/> decides URL
/// and credentials; retries and timeouts come from the resilience handler registered with the client.
/// </summary>
public sealed class GeminiClient(HttpClient http, IGeminiEndpoint endpoint, ILogger<GeminiClient> logger)
{
    public IGeminiEndpoint Endpoint => endpoint;

    public async Task<GeminiAnswer> GenerateContentAsync(GenerateContentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = new HttpRequestMessage(HttpMethod.Post, endpoint.GenerateContentUri)
        {
            Content = JsonContent.Create(request, options: GeminiJson.Options),
        };
        await endpoint.AuthorizeAsync(message, cancellationToken).ConfigureAwait(false);

        using var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);

        GenerateContentResponse? body;
        try
        {
            body = await response.Content.ReadFromJsonAsync<GenerateContentResponse>(GeminiJson.Options, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new GeminiException(GeminiFailure.UnparseableOutput, $"Gemini's response is not JSON: {ex.Message}", inner: ex);
        }

        var answer = GeminiResponseReader.Read(body ?? throw new GeminiException(GeminiFailure.EmptyCandidates, "Gemini returned an empty body."));
        AnalysisLog.GeminiAnswered(logger, endpoint.Model, answer.Usage.PromptTokens, answer.Usage.CandidatesTokens, answer.Usage.TotalTokens);
        return answer;
    }

    /// <summary>Asks whether the configured model answers (<c>GET …/models/{model}</c>).</summary>
    public async Task<ModelInfo> GetModelAsync(CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, endpoint.ModelUri);
        await endpoint.AuthorizeAsync(message, cancellationToken).ConfigureAwait(false);
        using var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        try
        {
            return await response.Content.ReadFromJsonAsync<ModelInfo>(GeminiJson.Options, cancellationToken).ConfigureAwait(false)
                ?? new ModelInfo();
        }
        catch (JsonException ex)
        {
            throw new GeminiException(GeminiFailure.UnparseableOutput, $"Gemini's model description is not JSON: {ex.Message}", inner: ex);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new GeminiException(GeminiFailure.Unreachable, $"Gemini did not answer in time ({ex.Timeout.TotalSeconds:0.#} s).", inner: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new GeminiException(GeminiFailure.Unreachable, $"Gemini could not be reached: {ex.Message}", inner: ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GeminiException(GeminiFailure.Unreachable, "Gemini did not answer in time.", inner: ex);
        }
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
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
            var envelope = JsonSerializer.Deserialize<ErrorEnvelope>(text, GeminiJson.Options);
            detail = envelope?.Error is { } e
                ? $"{e.Status ?? response.StatusCode.ToString()}: {e.Message}"
                : $"{response.StatusCode}";
        }
        catch (JsonException)
        {
            detail = response.StatusCode.ToString();
        }

        var hint = response.StatusCode switch
        {
            HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized => $" ({endpoint.CredentialsHint})",
            HttpStatusCode.NotFound => " (check Gemini:Model)",
            _ => string.Empty,
        };
        throw new GeminiException(GeminiFailure.HttpError, $"Gemini answered HTTP {status} {detail}{hint}", statusCode: status);
    }
}
