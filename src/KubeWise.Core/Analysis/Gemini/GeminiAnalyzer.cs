using KubeWise.Core.Analysis.Redaction;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Analysis.Gemini;

/// <summary>
/// Batch analysis with Gemini: anomaly, evidence, facts and the catalog's operations in; root cause, severity,
/// description, confidence and proposals out. Any failure is a <see cref="GeminiException"/>.
/// </summary>
public sealed class GeminiAnalyzer(
    GeminiClient client,
    IProposalScreen screen,
    IOptions<GeminiOptions> options,
    PromptRedaction redaction,
    ILogger<GeminiAnalyzer> logger) : IAnomalyAnalyzer
{
    public async Task<AnalysisResult> AnalyzeAsync(AnalysisRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.Value;
        var scope = redaction.Begin(request.Anomaly, request.Facts);
        var prompt = request with { Anomaly = scope.Anomaly, Facts = scope.Facts };
        var body = AnalysisPrompt.Build(prompt, screen.Operations, settings, MaxOutputTokens(settings, request.TokensSpent));
        var answer = await client.GenerateContentAsync(body, cancellationToken).ConfigureAwait(false);

        // Screening judges the real names against the real request: a placeholder the model invented stays unresolved and is dropped.
        var draft = scope.Restore(AnswerParser.ParseAnalysis(answer));
        return AnalysisResults.Complete(draft, request, screen, AnalysisBackend.Gemini, client.Endpoint.Model, answer.Usage, logger);
    }

    /// <summary>The answer may not outgrow what is left of the incident's budget.</summary>
    internal static int MaxOutputTokens(GeminiOptions options, int tokensSpent) =>
        Math.Clamp(options.TokenBudgetPerIncident - tokensSpent, 1, options.MaxOutputTokens);
}
