using KubeWise.Core.Analysis;
using KubeWise.Core.Events;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Execution;
using KubeWise.Core.Remediation.Policy;
using AnalysisEntityFacts = KubeWise.Core.Analysis.EntityFacts;

namespace KubeWise.Functions.Activities;

/// <summary>
/// What analysis needs to know about an incident: the anomaly in the analyzer's terms, and the live cluster facts of
/// the entity, its owners and node (read through <see cref="ClusterFactsReader"/>, the same reader the re-validation
/// uses). Without live facts the analyzer keeps every proposal as advice only.
/// </summary>
public sealed class IncidentFactsReader(ClusterFactsReader facts, RemediationCatalog catalog, RecentActionsReader recent)
{
    public static AnomalyInput ToAnomalyInput(AnomalyEvent anomaly)
    {
        ArgumentNullException.ThrowIfNull(anomaly);
        var kind = anomaly.Evidence.FirstOrDefault()?.Detector;
        return new AnomalyInput(
            anomaly.AnomalyId,
            new EntityRef(anomaly.EntityType, anomaly.Namespace ?? "", anomaly.EntityId),
            anomaly.AnomalyScore,
            kind is null or IncidentEvidence.ForestDetector ? null : kind,
            [.. anomaly.Evidence.Select(IncidentEvidence.ToAnalysis)],
            anomaly.DetectionTimestamp);
    }

    /// <summary>Live facts and entity facts; live facts are null when the cluster could not be read.</summary>
    public async Task<(LiveFacts? Live, AnalysisEntityFacts Entity)> ReadAsync(AnomalyEvent anomaly, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(anomaly);
        var entity = anomaly.Entity.ToScope();
        var probe = Probe(entity);
        if (probe is null)
        {
            return (null, AnalysisEntityFacts.None);
        }

        var recentActions = await recent.ReadAsync(ct: ct).ConfigureAwait(false);
        var read = await facts.ReadAsync(probe, entity, recentActions, ct).ConfigureAwait(false);
        List<ObjectFacts> objects = [.. read.Target is null ? [] : new[] { read.Target }, .. read.OwnerChain];
        var live = new LiveFacts(read with { Target = null }, objects);
        var workload = read.OwnerChain.LastOrDefault(o => o.Replicas is not null) ?? read.Target;
        var entityFacts = new AnalysisEntityFacts(
            Labels: read.Target?.Labels,
            Annotations: read.Target?.Annotations,
            Owners: [.. read.OwnerChain.Select(o => new EntityRef(o.Reference.Kind.ToLowerInvariant(), o.Reference.Namespace ?? "", o.Reference.Name))],
            NodeName: read.EntityNode,
            DesiredReplicas: workload?.Replicas,
            Containers: [.. (workload?.Containers ?? []).Select(c => new ContainerResources(c.Name,
                c.Requests.GetValueOrDefault("cpu"), c.Limits.GetValueOrDefault("cpu"),
                c.Requests.GetValueOrDefault("memory"), c.Limits.GetValueOrDefault("memory")))],
            Baseline: IncidentEvidence.Baseline(anomaly));
        return (live, entityFacts);
    }

    /// <summary>
    /// The reader gathers facts for a command's target; a harmless command on the entity itself (never executed)
    /// makes the entity the target, so its facts and owner chain are read in one pass.
    /// </summary>
    private RemediationCommand? Probe(ObjectReference entity)
    {
        var text = entity.Kind switch
        {
            KubernetesKinds.Deployment => $"restart_deployment name={entity.Name} ns={entity.Namespace}",
            KubernetesKinds.StatefulSet => $"restart_statefulset name={entity.Name} ns={entity.Namespace}",
            KubernetesKinds.DaemonSet => $"restart_daemonset name={entity.Name} ns={entity.Namespace}",
            KubernetesKinds.Pod => $"delete_pod name={entity.Name} ns={entity.Namespace}",
            KubernetesKinds.Node => $"cordon_node name={entity.Name}",
            _ => null,
        };
        return text is null ? null : catalog.Parse(text).Command;
    }
}
