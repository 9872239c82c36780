using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Analysis;

/// <summary>The verdict on one proposal.</summary>
/// <param name="Accepted">The command survived the catalog parser and the policy.</param>
/// <param name="Command">Its canonical text form when accepted.</param>
/// <param name="Operation">Catalog operation when accepted.</param>
/// <param name="Reason">Why it was rejected, or what the policy noted.</param>
/// <param name="SuggestionOnly">The policy allows it only as advice for a person.</param>
/// <param name="TargetKind">Kind of the object the command changes (<c>Deployment</c>, <c>Node</c>…) when accepted.</param>
public sealed record ProposalVerdict(bool Accepted, string? Command, string? Operation, string? Reason, bool SuggestionOnly = false, string? TargetKind = null)
{
    /// <summary>The accepted command as data, so nothing after the screen reads <see cref="Command"/>'s text again.</summary>
    public CommandData? Data { get; init; }

    public static ProposalVerdict Accept(string command, string operation, bool suggestionOnly = false, string? note = null, string? targetKind = null) =>
        new(true, command, operation, note, suggestionOnly, targetKind);

    public static ProposalVerdict Reject(string reason) => new(false, null, null, reason);
}

/// <summary>
/// The single gate between analysis and remediation: the command catalog's parser plus the safety policy.
/// Everything any backend proposes passes through <see cref="Screen"/> (called only by <see cref="ProposalScreening"/>); analysis never interprets commands itself.
/// </summary>
public interface IProposalScreen
{
    /// <summary>The catalog's operations, offered to the model as schemas.</summary>
    IReadOnlyList<OperationSchema> Operations { get; }

    /// <summary>
    /// Parses each proposal with the catalog and asks the policy about it for this incident; one verdict per proposal,
    /// in order. Proposals are judged together so that rate and storm limits count the whole answer.
    /// </summary>
    IReadOnlyList<ProposalVerdict> Screen(IReadOnlyList<CommandProposal> proposals, AnalysisRequest incident);
}
