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
        var fallback = WhyNotGemini(options.Value, endpoint, request.TokensSpent, options.Value.AutoAnalysis, "GEMINI_AUTO_ANALYSIS");
        var usage = TokenUsage.Zero;
        if (fallback is null)
        {
            try
            {
                return await gemini.AnalyzeAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (GeminiException ex)
            {
                fallback = GeminiFailed(ex);
                usage = ex.Usage;
            }
        }

        var (cause, reason) = fallback.Value;
        AnalysisLog.FellBackToRules(logger, request.Anomaly.AnomalyId, reason);
        var result = await rules.AnalyzeAsync(request, cancellationToken).ConfigureAwait(false);
        return result with { FallbackReason = reason, Fallback = cause, Usage = usage };
    }

    /// <summary>Null when Gemini may be asked; otherwise why the rules answer, as a cause and in words.</summary>
    internal static (FallbackCause Cause, string Reason)? WhyNotGemini(GeminiOptions options, IGeminiEndpoint endpoint, int tokensSpent, bool switchOn, string switchName)
    {
        if (!switchOn)
        {
            return (FallbackCause.SwitchedOff, $"{switchName} is off.");
        }

        if (!endpoint.IsConfigured)
        {
            return (FallbackCause.NotConfigured, endpoint.UnconfiguredReason);
        }

        if (tokensSpent >= options.TokenBudgetPerIncident)
        {
            return (FallbackCause.BudgetSpent, string.Create(CultureInfo.InvariantCulture,
                $"The incident's token budget is spent ({tokensSpent} of {options.TokenBudgetPerIncident} tokens)."));
        }

        return null;
    }

    internal static (FallbackCause Cause, string Reason) GeminiFailed(GeminiException ex) =>
        (FallbackCause.GeminiFailed, $"Gemini failed ({ex.Failure}): {ex.Message}");
}
