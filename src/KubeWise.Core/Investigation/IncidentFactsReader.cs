using KubeWise.Core.Events;
using KubeWise.Core.Analysis;
using KubeWise.Core.Remediation.Policy;
using AnalysisEntityFacts = KubeWise.Core.Analysis.EntityFacts;

namespace KubeWise.Core.Investigation;

/// <summary>
/// The live facts analysis reads about an incident: <see cref="IncidentBriefing"/> (the same one <c>scan --explain</c>
/// uses) with the remediations the store recorded lately. Without live facts the analyzer keeps every proposal as advice only.
/// </summary>
public sealed class IncidentFactsReader(IncidentBriefing briefing, RecentActionsReader recent)
{
    /// <summary>Live facts and entity facts; live facts are null when the entity is not one Kubernetes object.</summary>
    public async Task<(LiveFacts? Live, AnalysisEntityFacts Entity)> ReadAsync(AnomalyEvent anomaly, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(anomaly);
        var recentActions = await recent.ReadAsync(ct: ct).ConfigureAwait(false);
        var facts = await briefing.ReadAsync(anomaly.Entity, anomaly.Evidence, recentActions, ct).ConfigureAwait(false);
        facts = await briefing.WithPrometheusFactsAsync(facts, anomaly.Entity, anomaly.DetectionTimestamp, ct).ConfigureAwait(false);
        return (facts.Live, facts.Entity);
    }
}
