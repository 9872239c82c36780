using Microsoft.Extensions.Options;

namespace KubeWise.Core.Analysis.Gemini;

/// <summary>One line of <c>GET /api/v1/health</c>'s <c>services</c> (the seed's <c>"Gemini API"</c> entry).</summary>
/// <param name="Status"><c>healthy</c>, <c>disabled</c> (no key or switched off: the rules answer) or <c>unhealthy</c>.</param>
public sealed record AnalysisHealth(string Status, string Message);

/// <summary>Reports whether the configured model answers (<c>GET models/{model}</c>).</summary>
public sealed class GeminiHealth(GeminiClient client, IOptions<GeminiOptions> options)
{
    public async Task<AnalysisHealth> CheckAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
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
}
