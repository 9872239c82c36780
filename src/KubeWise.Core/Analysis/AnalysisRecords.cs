using KubeWise.Core.Events;

namespace KubeWise.Core.Analysis;

/// <summary>What an analysis puts on the event's record.</summary>
public static class AnalysisRecords
{
    /// <summary>Every proposal of <paramref name="result"/>: the accepted ones in their order, then the dropped ones with their reasons.</summary>
    public static IReadOnlyList<ProposalRecord> Proposals(AnalysisResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var analyzer = result.Backend.ToString().ToLowerInvariant();
        return
        [
            .. result.Commands.Select(c => new ProposalRecord
            {
                Proposal = c.Command,
                Outcome = c.SuggestionOnly ? ProposalRecord.SuggestionOnly : ProposalRecord.Accepted,
                Reason = c.Note,
                Analyzer = analyzer,
            }),
            .. result.Dropped.Select(d => new ProposalRecord { Proposal = d.Proposal, Outcome = ProposalRecord.Dropped, Reason = d.Reason, Analyzer = analyzer }),
        ];
    }
}
