using KubeWise.Core.Analysis.Llm;
using KubeWise.Core.Analysis.Redaction;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Analysis.Gemini;

/// <summary>The seed's <c>verify_remediation_success</c> with the configured model; any failure is a <see cref="GeminiException"/>.</summary>
public sealed class GeminiVerifier(LlmProvider provider, IOptions<GeminiOptions> options, PromptRedaction redaction, ILogger<GeminiVerifier> logger) : IRemediationVerifier
{
    public async Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The scope knows the executed commands' typed arguments, so a container or node the facts do not list is hidden too.
        var scope = redaction.Begin(request.Anomaly, request.Facts, request.ExecutedCommands);
        var (body, trimmed) = provider.Fit(scope.Anomaly, anomaly => VerificationPrompt.Build(
            request with { Anomaly = anomaly, Facts = scope.Facts },
            [.. request.ExecutedCommands.Select(scope.Command)],
            options.Value,
            GeminiAnalyzer.MaxOutputTokens(options.Value, request.TokensSpent)));
        var reply = await provider.CallAsync(LlmPurpose.Verification, body, cancellationToken, trimmed).ConfigureAwait(false);
        bool resolved;
        string reasoning;
        double confidence;
        try
        {
            (resolved, reasoning, confidence) = AnswerParser.ParseVerification(reply.Answer);
        }
        catch (GeminiException ex)
        {
            ex.Call ??= reply.Call;
            throw;
        }

        reasoning = scope.Restore(reasoning);
        AnalysisLog.Verified(logger, request.Anomaly.AnomalyId, provider.Backend, resolved);
        return new VerificationResult(resolved, reasoning, confidence, provider.Backend, provider.Model, reply.Answer.Usage, null) { Call = reply.Call };
    }
}
