using System.Globalization;
using KubeWise.Core.Analysis.Gemini;
using KubeWise.Core.Analysis.Llm;
using KubeWise.Core.Analysis.Rules;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Analysis;

/// <summary>
/// The registered <see cref="IAnomalyAnalyzer"/>: the configured model (Gemini by default, or an OpenAI-compatible one)
/// when it is configured, switched on and the incident's and the provider's hourly token budgets allow, the rule analyzer
/// otherwise or whenever the model fails. The result says who answered and why, and keeps what was sent.
/// </summary>
public sealed class FallbackAnalyzer(
    GeminiAnalyzer gemini,
    RuleAnalyzer rules,
    LlmProvider provider,
    IOptions<GeminiOptions> options,
    ILogger<FallbackAnalyzer> logger) : IAnomalyAnalyzer
{
    public async Task<AnalysisResult> AnalyzeAsync(AnalysisRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fallback = WhyNotModel(options.Value, provider, request.TokensSpent, options.Value.AutoAnalysis, "GEMINI_AUTO_ANALYSIS");
        var usage = TokenUsage.Zero;
        LlmCall? call = null;
        if (fallback is null)
        {
            try
            {
                return await gemini.AnalyzeAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (GeminiException ex)
            {
                fallback = ModelFailed(provider, ex);
                usage = ex.Usage;
                call = ex.Call;
            }
        }

        var (cause, reason) = fallback.Value;
        AnalysisLog.FellBackToRules(logger, request.Anomaly.AnomalyId, reason);
        var result = await rules.AnalyzeAsync(request, cancellationToken).ConfigureAwait(false);
        return result with { FallbackReason = reason, Fallback = cause, Usage = usage, Call = call };
    }

    /// <summary>Null when the model may be asked; otherwise why the rules answer, as a cause and in words.</summary>
    internal static (FallbackCause Cause, string Reason)? WhyNotModel(GeminiOptions options, LlmProvider provider, int tokensSpent, bool switchOn, string switchName)
    {
        if (!switchOn)
        {
            return (FallbackCause.SwitchedOff, $"{switchName} is off.");
        }

        if (!provider.IsConfigured)
        {
            return (FallbackCause.NotConfigured, provider.UnconfiguredReason);
        }

        if (tokensSpent >= options.TokenBudgetPerIncident)
        {
            return (FallbackCause.BudgetSpent, string.Create(CultureInfo.InvariantCulture,
                $"The incident's token budget is spent ({tokensSpent} of {options.TokenBudgetPerIncident} tokens)."));
        }

        if (provider.HourlyBudgetExhausted() is { } budget)
        {
            return (FallbackCause.HourlyBudget, budget);
        }

        return null;
    }

    internal static (FallbackCause Cause, string Reason) ModelFailed(LlmProvider provider, GeminiException ex) =>
        (FallbackCause.GeminiFailed, $"{provider.DisplayName} failed ({ex.Failure}): {ex.Message}");
}
