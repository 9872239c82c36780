using Microsoft.Extensions.Options;

namespace KubeWise.Core.Analysis.Gemini;

/// <summary>One line of <c>GET /api/v1/health</c>'s <c>services</c> (the seed's <c>"Gemini API"</c> entry).</summary>
/// <param name="Status"><c>healthy</c>, <c>disabled</c> (no key or switched off: the rules answer) or <c>unhealthy</c>.</param>
public sealed record AnalysisHealth(string Status, string Message);

/// <summary>Reports whether the configured model answers (<c>GET models/{model}</c>).</summary>
public sealed class GeminiHealth(GeminiClient client, IOptions<GeminiOptions> options, IOptions<Llm.LlmOptions> llm, IServiceProvider services)
{
    public async Task<AnalysisHealth> CheckAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (llm.Value.Provider == Llm.LlmProviderKind.OpenAiCompatible)
        {
            return await CheckOpenAiAsync(settings, cancellationToken).ConfigureAwait(false);
        }

        if (!client.Endpoint.IsConfigured)
        {
            return new("disabled", $"{client.Endpoint.UnconfiguredReason} The rule analyzer answers.");
        }

        try
        {
            var model = await client.GetModelAsync(cancellationToken).ConfigureAwait(false);
            var switches = settings.AutoAnalysis ? string.Empty : " (GEMINI_AUTO_ANALYSIS is off: the rule analyzer answers)";
            return new("healthy", $"Model {model.Name ?? client.Endpoint.Model} answers{switches}.");
        }
        catch (GeminiException ex)
        {
            return new("unhealthy", $"Model {client.Endpoint.Model} does not answer: {ex.Message}");
        }
    }

    // The OpenAI-compatible server answers GET {Endpoint}/models; the configured model must be among them.
    private async Task<AnalysisHealth> CheckOpenAiAsync(GeminiOptions settings, CancellationToken cancellationToken)
    {
        var configured = llm.Value;
        if (!configured.IsOpenAiConfigured)
        {
            return new("disabled", "Llm:Endpoint and Llm:Model are not set. The rule analyzer answers.");
        }

        try
        {
            var models = await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
                .GetRequiredService<Llm.OpenAiChatClient>(services).ListModelsAsync(cancellationToken).ConfigureAwait(false);
            if (!models.Contains(configured.Model!, StringComparer.Ordinal))
            {
                return new("unhealthy", $"The server at {configured.Endpoint} does not list model {configured.Model} (it lists: {string.Join(", ", models.Take(10))}); check Llm:Model.");
            }

            var switches = settings.AutoAnalysis ? string.Empty : " (GEMINI_AUTO_ANALYSIS is off: the rule analyzer answers)";
            return new("healthy", $"Model {configured.Model} at {configured.Endpoint} answers{switches}.");
        }
        catch (GeminiException ex)
        {
            return new("unhealthy", $"Model {configured.Model} at {configured.Endpoint} does not answer: {ex.Message}");
        }
    }
}
