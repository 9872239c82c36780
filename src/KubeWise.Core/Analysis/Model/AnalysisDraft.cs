namespace KubeWise.Core.Analysis;

/// <summary>A backend's answer before its proposals are screened.</summary>
/// <param name="MalformedProposals">Proposals that could not even be read (e.g. a non-scalar parameter).</param>
public sealed record AnalysisDraft(
    string RootCause,
    Severity Severity,
    string Description,
    double Confidence,
    IReadOnlyList<CommandProposal> Proposals,
    IReadOnlyList<string>? Suggestions = null,
    IReadOnlyList<DroppedProposal>? MalformedProposals = null);
