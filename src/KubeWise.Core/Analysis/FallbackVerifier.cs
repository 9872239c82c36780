using KubeWise.Core.Analysis.Gemini;
using KubeWise.Core.Analysis.Llm;
using KubeWise.Core.Analysis.Rules;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Analysis;

/// <summary>The registered <see cref="IRemediationVerifier"/>: the configured model when allowed (<c>GEMINI_AUTO_VERIFICATION</c>), else or on failure the rule verifier.</summary>
public sealed class FallbackVerifier(
    GeminiVerifier gemini,
    RuleVerifier rules,
    LlmProvider provider,
    IOptions<GeminiOptions> options,
    ILogger<FallbackVerifier> logger) : IRemediationVerifier
{
    public async Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fallback = FallbackAnalyzer.WhyNotModel(options.Value, provider, request.TokensSpent, options.Value.AutoVerification, "GEMINI_AUTO_VERIFICATION");
        var usage = TokenUsage.Zero;
        LlmCall? call = null;
        if (fallback is null)
        {
            try
            {
                return await gemini.VerifyAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (GeminiException ex)
            {
                fallback = FallbackAnalyzer.ModelFailed(provider, ex);
                usage = ex.Usage;
                call = ex.Call;
            }
        }

        var reason = fallback.Value.Reason;
        AnalysisLog.VerificationFellBackToRules(logger, request.Anomaly.AnomalyId, reason);
        var result = await rules.VerifyAsync(request, cancellationToken).ConfigureAwait(false);
        return result with { FallbackReason = reason, Usage = usage, Call = call };
    }
}
