using Microsoft.Extensions.Logging;

namespace KubeWise.Core.Analysis;

/// <summary>Turns a backend's draft into the result: the one place where proposals meet the catalog and the policy.</summary>
internal static class AnalysisResults
{
    public static AnalysisResult Complete(
        AnalysisDraft draft,
        AnalysisRequest request,
        IProposalScreen screen,
        AnalysisBackend backend,
        string? model,
        TokenUsage usage,
        ILogger logger)
    {
        var (accepted, dropped) = ProposalScreening.Apply(screen, draft.Proposals, request);
        IReadOnlyList<DroppedProposal> allDropped = [.. draft.MalformedProposals ?? [], .. dropped];
        foreach (var drop in allDropped)
        {
            AnalysisLog.ProposalDropped(logger, request.Anomaly.AnomalyId, backend, drop.Proposal, drop.Reason);
        }

        AnalysisLog.Analysed(logger, request.Anomaly.AnomalyId, backend, draft.Severity, accepted.Count, allDropped.Count);
        return new AnalysisResult(
            draft.RootCause,
            draft.Severity,
            draft.Description,
            draft.Confidence,
            accepted,
            allDropped,
            draft.Suggestions ?? [],
            backend,
            model,
            usage,
            FallbackReason: null);
    }
}
