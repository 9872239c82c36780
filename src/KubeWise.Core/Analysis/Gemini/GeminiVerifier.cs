using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Analysis.Gemini;

/// <summary>The seed's <c>verify_remediation_success</c> with Gemini; any failure is a <see cref="GeminiException"/>.</summary>
public sealed class GeminiVerifier(GeminiClient client, IOptions<GeminiOptions> options, ILogger<GeminiVerifier> logger) : IRemediationVerifier
{
    public async Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = VerificationPrompt.Build(request, options.Value, GeminiAnalyzer.MaxOutputTokens(options.Value, request.TokensSpent));
        var answer = await client.GenerateContentAsync(body, cancellationToken).ConfigureAwait(false);
        var (resolved, reasoning, confidence) = AnswerParser.ParseVerification(answer);
        AnalysisLog.Verified(logger, request.Anomaly.AnomalyId, AnalysisBackend.Gemini, resolved);
        return new VerificationResult(resolved, reasoning, confidence, AnalysisBackend.Gemini, client.Endpoint.Model, answer.Usage, null);
    }
}
