using KubeWise.Core.Detection;

namespace KubeWise.Core.Analysis;

/// <summary>
/// The single call site between proposals and the catalog/policy (<see cref="IProposalScreen"/>), with the few checks
/// that are analysis's own: how many proposals one answer may hold, text that could smuggle a second parameter,
/// node operations for an anomaly that is not about a node, and drains left to a person.
/// </summary>
public static class ProposalScreening
{
    /// <summary>Upper bound of proposals considered per answer; more is a sign of a runaway or manipulated answer.</summary>
    public const int MaxProposals = 10;

    /// <summary>Operations analysis only ever offers as advice: evictions across a whole node are a person's call.</summary>
    public static IReadOnlySet<string> AdviceOnlyOperations { get; } = new HashSet<string>(StringComparer.Ordinal) { "drain_node" };

    public static (IReadOnlyList<AcceptedCommand> Accepted, IReadOnlyList<DroppedProposal> Dropped) Apply(
        IProposalScreen screen, IReadOnlyList<CommandProposal> proposals, AnalysisRequest incident)
    {
        ArgumentNullException.ThrowIfNull(screen);
        ArgumentNullException.ThrowIfNull(proposals);
        ArgumentNullException.ThrowIfNull(incident);

        var dropped = new List<DroppedProposal>();
        var candidates = new List<CommandProposal>();
        for (var i = 0; i < proposals.Count; i++)
        {
            var proposal = proposals[i];
            var problem = i >= MaxProposals
                ? $"more than {MaxProposals} proposals in one answer; the rest are ignored"
                : PreCheck(proposal, incident);
            if (problem is null)
            {
                candidates.Add(proposal);
            }
            else
            {
                dropped.Add(new(proposal.Describe(), problem));
            }
        }

        var verdicts = candidates.Count == 0 ? [] : screen.Screen(candidates, incident);
        if (verdicts.Count != candidates.Count)
        {
            throw new InvalidOperationException($"The proposal screen returned {verdicts.Count} verdicts for {candidates.Count} proposals.");
        }

        var accepted = new List<AcceptedCommand>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < candidates.Count; i++)
        {
            var (proposal, verdict) = (candidates[i], verdicts[i]);
            if (!verdict.Accepted || verdict.Command is null || verdict.Operation is null)
            {
                dropped.Add(new(proposal.Describe(), verdict.Reason ?? "rejected"));
            }
            else if (string.Equals(verdict.TargetKind, "Node", StringComparison.OrdinalIgnoreCase) && !IsAboutANode(incident.Anomaly))
            {
                // Catches user-defined node operations whose names do not say so.
                dropped.Add(new(proposal.Describe(), NotANodeRemedy(verdict.Operation, incident.Anomaly)));
            }
            else if (!seen.Add(verdict.Command))
            {
                dropped.Add(new(proposal.Describe(), "duplicate of an earlier proposal"));
            }
            else if (AdviceOnlyOperations.Contains(verdict.Operation))
            {
                accepted.Add(new AcceptedCommand(verdict.Command, verdict.Operation, proposal.Rationale, SuggestionOnly: true,
                    Note: Join(verdict.Reason, "KubeWise leaves node drains to a person; it never runs them itself")) { Data = verdict.Data });
            }
            else
            {
                accepted.Add(new AcceptedCommand(verdict.Command, verdict.Operation, proposal.Rationale, verdict.SuggestionOnly, verdict.Reason) { Data = verdict.Data });
            }
        }

        return (accepted, dropped);
    }

    private static string? PreCheck(CommandProposal proposal, AnalysisRequest incident)
    {
        if (proposal.Parameters.FirstOrDefault(p => ContainsUnsafeText(p.Key) || ContainsUnsafeText(p.Value)) is { Key: not null } bad)
        {
            return $"parameter '{Truncate(bad.Key)}' is empty or holds whitespace, '=' or control characters";
        }

        if (proposal.Operation.EndsWith("_node", StringComparison.Ordinal) && !IsAboutANode(incident.Anomaly))
        {
            return NotANodeRemedy(proposal.Operation, incident.Anomaly);
        }

        return null;
    }

    private static string NotANodeRemedy(string operation, AnomalyInput anomaly) =>
        $"{operation} is not a remedy for a {anomaly.Entity.Type} anomaly ({anomaly.DetectorType ?? "forest"}); node operations answer node anomalies only";

    private static bool IsAboutANode(AnomalyInput anomaly) =>
        anomaly.Entity.IsNode || (DetectorIds.Find(anomaly.DetectorType) is { } detector && DetectorIds.NodeConditions.Contains(detector));

    // The text form separates parameters by spaces and names from values by '=': a value holding either could
    // smuggle a second parameter past a parser, so such a proposal never reaches one.
    private static bool ContainsUnsafeText(string text) =>
        text.Length == 0 || text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '=');

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static string Join(string? first, string second) => string.IsNullOrEmpty(first) ? second : $"{first}; {second}";
}
