namespace KubeWise.Core.Analysis;

/// <summary>Runs every proposal of one answer through the <see cref="IProposalScreen"/> and keeps the verdicts.</summary>
public static class ProposalScreening
{
    /// <summary>Upper bound of proposals considered per answer; more is a sign of a runaway or manipulated answer.</summary>
    public const int MaxProposals = 10;

    public static (IReadOnlyList<AcceptedCommand> Accepted, IReadOnlyList<DroppedProposal> Dropped) Apply(
        IProposalScreen screen, IReadOnlyList<CommandProposal> proposals, AnalysisRequest incident)
    {
        var accepted = new List<AcceptedCommand>();
        var dropped = new List<DroppedProposal>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < proposals.Count; i++)
        {
            var proposal = proposals[i];
            if (i >= MaxProposals)
            {
                dropped.Add(new(proposal.Describe(), $"more than {MaxProposals} proposals in one answer; the rest are ignored"));
                continue;
            }

            ProposalVerdict verdict;
            try
            {
                verdict = proposal.Parameters.FirstOrDefault(p => ContainsUnsafeText(p.Key) || ContainsUnsafeText(p.Value)) is { Key: not null } bad
                    ? ProposalVerdict.Reject($"parameter '{Truncate(bad.Key)}' holds whitespace, '=' or control characters")
                    : screen.Screen(proposal, incident);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
            {
                verdict = ProposalVerdict.Reject($"not a valid command: {ex.Message}");
            }

            if (!verdict.Accepted || verdict.Command is null || verdict.Operation is null)
            {
                dropped.Add(new(proposal.Describe(), verdict.Reason ?? "rejected"));
            }
            else if (!seen.Add(verdict.Command))
            {
                dropped.Add(new(proposal.Describe(), "duplicate of an earlier proposal"));
            }
            else
            {
                accepted.Add(new(verdict.Command, verdict.Operation, proposal.Rationale, verdict.SuggestionOnly, verdict.Reason));
            }
        }

        return (accepted, dropped);
    }

    // The text form separates parameters by spaces and names from values by '=': a value holding either could
    // smuggle a second parameter past a parser, so such a proposal never reaches one.
    private static bool ContainsUnsafeText(string text) =>
        text.Length == 0 || text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '=');

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
