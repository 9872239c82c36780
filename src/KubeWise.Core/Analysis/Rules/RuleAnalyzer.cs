using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Analysis.Rules;

/// <summary>The deterministic backend: the <see cref="Runbook"/>, screened like any other answer. Never fails, spends no tokens.</summary>
public sealed class RuleAnalyzer(IProposalScreen screen, IOptions<RuleAnalysisOptions> options, ILogger<RuleAnalyzer> logger) : IAnomalyAnalyzer
{
    public Task<AnalysisResult> AnalyzeAsync(AnalysisRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var draft = Runbook.Draft(request.Anomaly, request.Facts, options.Value);
        return Task.FromResult(AnalysisResults.Complete(draft, request, screen, AnalysisBackend.Rules, model: null, TokenUsage.Zero, logger));
    }
}
