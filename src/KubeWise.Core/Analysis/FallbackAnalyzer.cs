using System.Globalization;
using KubeWise.Core.Analysis.Gemini;
using KubeWise.Core.Analysis.Rules;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Analysis;

/// <summary>
/// The registered <see cref="IAnomalyAnalyzer"/>: Gemini when it is configured, switched on and the incident's token
/// budget allows, the rule analyzer otherwise or whenever Gemini fails. The result says who answered and why.
/// </summary>
public sealed class FallbackAnalyzer(
    GeminiAnalyzer gemini,
    RuleAnalyzer rules,
    IGeminiEndpoint endpoint,
    IOptions<GeminiOptions> options,
    ILogger<FallbackAnalyzer> logger) : IAnomalyAnalyzer
{
    public async Task<AnalysisResult> AnalyzeAsync(AnalysisRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reason = WhyNotGemini(options.Value, endpoint, request.TokensSpent, options.Value.AutoAnalysis, "GEMINI_AUTO_ANALYSIS");
        var usage = TokenUsage.Zero;
        if (reason is null)
        {
            try
            {
                return await gemini.AnalyzeAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (GeminiException ex)
            {
                reason = $"Gemini failed ({ex.Failure}): {ex.Message}";
                usage = ex.Usage;
            }
        }

        AnalysisLog.FellBackToRules(logger, request.Anomaly.AnomalyId, reason);
        var result = await rules.AnalyzeAsync(request, cancellationToken).ConfigureAwait(false);
        return result with { FallbackReason = reason, Usage = usage };
    }

    /// <summary>Null when Gemini may be asked; otherwise the reason the rules answer.</summary>
    internal static string? WhyNotGemini(GeminiOptions options, IGeminiEndpoint endpoint, int tokensSpent, bool switchOn, string switchName)
    {
        if (!switchOn)
        {
            return $"{switchName} is off.";
        }

        if (!endpoint.IsConfigured)
        {
            return endpoint.UnconfiguredReason;
        }

        if (tokensSpent >= options.TokenBudgetPerIncident)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"The incident's token budget is spent ({tokensSpent} of {options.TokenBudgetPerIncident} tokens).");
        }

        return null;
    }
}
