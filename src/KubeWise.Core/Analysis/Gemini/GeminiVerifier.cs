using KubeWise.Core.Analysis.Redaction;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Analysis.Gemini;

/// <summary>The seed's <c>verify_remediation_success</c> with Gemini; any failure is a <see cref="GeminiException"/>.</summary>
public sealed class GeminiVerifier(GeminiClient client, IOptions<GeminiOptions> options, PromptRedaction redaction, ILogger<GeminiVerifier> logger) : IRemediationVerifier
{
    public async Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The scope knows the executed commands' typed arguments, so a container or node the facts do not list is hidden too.
        var scope = redaction.Begin(request.Anomaly, request.Facts, request.ExecutedCommands);
        var prompt = request with { Anomaly = scope.Anomaly, Facts = scope.Facts };
        var body = VerificationPrompt.Build(prompt, [.. request.ExecutedCommands.Select(scope.Command)], options.Value,
            GeminiAnalyzer.MaxOutputTokens(options.Value, request.TokensSpent));
        var answer = await client.GenerateContentAsync(body, cancellationToken).ConfigureAwait(false);
        var (resolved, reasoning, confidence) = AnswerParser.ParseVerification(answer);
        reasoning = scope.Restore(reasoning);
        AnalysisLog.Verified(logger, request.Anomaly.AnomalyId, AnalysisBackend.Gemini, resolved);
        return new VerificationResult(resolved, reasoning, confidence, AnalysisBackend.Gemini, client.Endpoint.Model, answer.Usage, null);
    }
}
