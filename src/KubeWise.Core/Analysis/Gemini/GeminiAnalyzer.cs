using KubeWise.Core.Analysis.Llm;
using KubeWise.Core.Analysis.Redaction;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Analysis.Gemini;

/// <summary>
/// Batch analysis with the configured model (Gemini by default, see <see cref="LlmProvider"/>): anomaly, evidence, facts
/// and the catalog's operations in; root cause, severity, description, confidence and proposals out. Any failure is a
/// <see cref="GeminiException"/> carrying the call's record.
/// </summary>
public sealed class GeminiAnalyzer(
    LlmProvider provider,
    IProposalScreen screen,
    IOptions<GeminiOptions> options,
    PromptRedaction redaction,
    ILogger<GeminiAnalyzer> logger) : IAnomalyAnalyzer
{
    public async Task<AnalysisResult> AnalyzeAsync(AnalysisRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (body, trimmed, scope) = Prompt(request);
        var reply = await provider.CallAsync(LlmPurpose.Analysis, body, cancellationToken, trimmed).ConfigureAwait(false);
        AnalysisDraft draft;
        try
        {
            // Screening judges the real names against the real request: a placeholder the model invented stays unresolved and is dropped.
            draft = scope.Restore(AnswerParser.ParseAnalysis(reply.Answer));
        }
        catch (GeminiException ex)
        {
            ex.Call ??= reply.Call;
            throw;
        }

        return AnalysisResults.Complete(draft, request, screen, provider.Backend, provider.Model, reply.Answer.Usage, logger) with { Call = reply.Call };
    }

    /// <summary>The redacted request exactly as it would be sent (for <c>kubewise scan --explain --show-prompt</c>), without sending it.</summary>
    public (Wire.GenerateContentRequest Body, int Trimmed, RedactionScope Scope) Prompt(AnalysisRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.Value;
        var scope = redaction.Begin(request.Anomaly, request.Facts);
        var (body, trimmed) = provider.Fit(scope.Anomaly, anomaly =>
            AnalysisPrompt.Build(request with { Anomaly = anomaly, Facts = scope.Facts }, screen.Operations, settings, MaxOutputTokens(settings, request.TokensSpent)));
        return (body, trimmed, scope);
    }

    /// <summary>The answer may not outgrow what is left of the incident's budget.</summary>
    internal static int MaxOutputTokens(GeminiOptions options, int tokensSpent) =>
        Math.Clamp(options.TokenBudgetPerIncident - tokensSpent, 1, options.MaxOutputTokens);
}
