using KubeWise.Core.Analysis;
using KubeWise.Core.Entities;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Execution;
using KubeWise.Core.Remediation.Policy;
using AnalysisEntityFacts = KubeWise.Core.Analysis.EntityFacts;

namespace KubeWise.Core.Explain;

/// <summary>The facts one anomaly is judged on: live ones from the cluster, or provisional ones assumed from the scan.</summary>
/// <param name="Live">What the policy judges proposals against; null when the entity is not one Kubernetes object.</param>
/// <param name="Entity">What the analyzer is told about the entity.</param>
/// <param name="Provisional">True when <paramref name="Live"/> was assumed, not read.</param>
/// <param name="Note">Where the facts came from, for the person reading the plan.</param>
public sealed record IncidentFacts(LiveFacts? Live, AnalysisEntityFacts Entity, bool Provisional, string Note);

/// <summary>
/// Reads an anomalous entity's facts through <see cref="ClusterFactsReader"/> (the reader execution re-validates with):
/// the entity, its owner chain and node, namespaces, HPA, PodDisruptionBudgets, rollout state and node counts.
/// Without a cluster it assumes the entity exists without GitOps labels, opt-out annotations, HPA, budgets or a rollout,
/// so the policy can still judge scope, namespaces, operations and limits; such verdicts are provisional.
/// </summary>
public sealed class ExplainFactsReader(ClusterFactsReader reader)
{
    /// <summary>What provisional verdicts assume; shown with them.</summary>
    public const string Assumptions =
        "GitOps labels, opt-out annotations, HPA, PodDisruptionBudgets, rollout state and owner chain were not read and are assumed absent";

    /// <summary>Reads the entity's live facts from the cluster. Transport and API errors propagate to the caller.</summary>
    public async Task<IncidentFacts> ReadAsync(EntityKey entity, CancellationToken ct)
    {
        var reference = entity.ToObjectReference();
        if (reference is null)
        {
            return new IncidentFacts(null, AnalysisEntityFacts.None, false, $"{entity} is not a single Kubernetes object; KubeWise changes nothing for it");
        }

        // The reader gathers facts for a command's target; a command on the entity itself (never sent) makes the entity the target.
        var read = await reader.ReadAsync(Probe(reference), reference, [], ct).ConfigureAwait(false);
        List<ObjectFacts> objects = [.. read.Target is null ? [] : new[] { read.Target }, .. read.OwnerChain];
        var workload = read.OwnerChain.LastOrDefault(o => o.Replicas is not null) ?? read.Target;
        var facts = new AnalysisEntityFacts(
            Labels: read.Target?.Labels,
            Annotations: read.Target?.Annotations,
            Owners: [.. read.OwnerChain.Select(o => new EntityRef(o.Reference.Kind.ToLowerInvariant(), o.Reference.Namespace ?? "", o.Reference.Name))],
            NodeName: read.EntityNode,
            DesiredReplicas: workload?.Replicas,
            Containers: [.. (workload?.Containers ?? []).Select(c => new ContainerResources(c.Name,
                c.Requests.GetValueOrDefault("cpu"), c.Limits.GetValueOrDefault("cpu"),
                c.Requests.GetValueOrDefault("memory"), c.Limits.GetValueOrDefault("memory")))]);
        var note = read.Target is null
            ? $"{reference} was not found in the cluster"
            : $"facts read from the cluster for {reference}" + (read.OwnerChain.Count == 0 ? string.Empty : $" and its owners {string.Join(", ", read.OwnerChain.Select(o => o.Reference.Key))}");
        return new IncidentFacts(new LiveFacts(read with { Target = null }, objects), facts, false, note);
    }

    /// <summary>Facts assumed from the scan alone; <paramref name="nodeCount"/> is the number of nodes the scan saw.</summary>
    public static IncidentFacts Assume(EntityKey entity, int nodeCount, string why)
    {
        var reference = entity.ToObjectReference();
        if (reference is null)
        {
            return new IncidentFacts(null, AnalysisEntityFacts.None, true, $"{why}; {entity} is not a single Kubernetes object");
        }

        var incident = new RemediationFacts
        {
            AnomalousEntity = reference,
            Namespaces = reference.Namespace is { } ns ? [new NamespaceFacts(ns)] : [],
            EntityNode = reference.Kind == KubernetesKinds.Node ? reference.Name : null,
            Cluster = new ClusterFacts(nodeCount, []),
        };
        var assumed = new ObjectFacts(reference, Uid: string.Empty, Generation: 0);
        return new IncidentFacts(new LiveFacts(incident, [assumed]), AnalysisEntityFacts.None, true, $"{why}; {Assumptions}");
    }

    private static RemediationCommand Probe(ObjectReference entity) => entity.Kind switch
    {
        KubernetesKinds.Deployment => new RestartDeploymentCommand(entity.Name, entity.Namespace!),
        KubernetesKinds.StatefulSet => new RestartStatefulSetCommand(entity.Name, entity.Namespace!),
        KubernetesKinds.DaemonSet => new RestartDaemonSetCommand(entity.Name, entity.Namespace!),
        KubernetesKinds.Pod => new DeletePodCommand(entity.Name, entity.Namespace!),
        _ => new CordonNodeCommand(entity.Name),
    };
}
