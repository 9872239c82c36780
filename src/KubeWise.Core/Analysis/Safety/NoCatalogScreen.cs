namespace KubeWise.Core.Analysis;

/// <summary>
/// The screen in force while no command catalog is registered: it offers no operations and rejects every proposal,
/// so a missing catalog can never let a command through.
/// </summary>
public sealed class NoCatalogScreen : IProposalScreen
{
    public IReadOnlyList<OperationSchema> Operations => [];

    public IReadOnlyList<ProposalVerdict> Screen(IReadOnlyList<CommandProposal> proposals, AnalysisRequest incident) =>
        [.. proposals.Select(_ => ProposalVerdict.Reject("no remediation command catalog is registered, so no command can be validated"))];
}
