using KubeWise.Core.Analysis;
using KubeWise.Core.Detection;
using KubeWise.Core.Entities;
using KubeWise.Core.Events;
using KubeWise.Core.Metrics;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Execution;
using KubeWise.Core.Remediation.Policy;
using AnalysisEntityFacts = KubeWise.Core.Analysis.EntityFacts;

namespace KubeWise.Core.Investigation;

/// <summary>
/// What analysis is told about one anomaly, built the same way whoever asks: <c>kubewise scan --explain</c> straight
/// from the scan's finding, the remediation workflow from the stored event. Both go through the event's typed evidence,
/// so the same anomaly gives the same analysis input and the same prompt. Live facts are read through
/// <see cref="ClusterFactsReader"/> (the reader execution re-validates with): the entity, its owner chain and node,
/// namespaces, HPA, PodDisruptionBudgets, rollout state and node counts. Without a cluster, <see cref="Assume"/> takes
/// the entity to exist without GitOps labels, opt-out annotations, HPA, budgets or a rollout, so the policy can still
/// judge scope, namespaces, operations and limits; such verdicts are provisional. Either way
/// <see cref="WithPrometheusFactsAsync"/> adds what kube-state-metrics knows (limits, requests, replicas) where the
/// cluster read left a gap.
/// </summary>
public sealed class IncidentBriefing(ClusterFactsReader reader, PrometheusFactsReader? prometheus = null)
{
    /// <summary>What provisional verdicts assume; shown with them.</summary>
    public const string Assumptions =
        "GitOps labels, opt-out annotations, HPA, PodDisruptionBudgets, rollout state and owner chain were not read and are assumed absent";

    /// <summary>The evidence an event records for <paramref name="findings"/> (one incident's findings, the leading one first).</summary>
    public static IReadOnlyList<EvidenceItem> Evidence(IEnumerable<Anomaly> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        return [.. findings.SelectMany(f => f.Evidence.Select(e => EvidenceItem.From(f.Detector, e)))];
    }

    /// <summary>The scan's findings about one entity as analysis reads them (what <c>scan --explain</c> asks about).</summary>
    public static AnomalyInput Input(EntityFindings findings, string anomalyId)
    {
        ArgumentNullException.ThrowIfNull(findings);
        return Input(anomalyId, findings.Entity, findings.Score, Evidence(findings.Findings), findings.DetectedAt);
    }

    /// <summary>The stored incident as analysis reads it (what the workflow asks about).</summary>
    public static AnomalyInput Input(AnomalyEvent anomaly)
    {
        ArgumentNullException.ThrowIfNull(anomaly);
        return Input(anomaly.AnomalyId, anomaly.Entity, anomaly.AnomalyScore, anomaly.Evidence, anomaly.DetectionTimestamp);
    }

    /// <summary>
    /// The leading evidence names the detector; forest findings name none, so the runbook goes by the dominant feature.
    /// </summary>
    public static AnomalyInput Input(string anomalyId, EntityKey entity, double score, IReadOnlyList<EvidenceItem> evidence, DateTimeOffset detectedAt)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var detector = evidence.FirstOrDefault()?.Detector;
        return new AnomalyInput(
            anomalyId,
            new EntityRef(entity.TypeName, entity.Namespace, entity.Name),
            score,
            detector is null or DetectorIds.IsolationForest ? null : detector,
            [.. evidence.Select(e => new AnomalyEvidence(e.Detector, e.FeatureName, e.Value ?? 0, e.Threshold, e.Contribution ?? 0, e.Message))],
            detectedAt);
    }

    /// <summary>
    /// The executed commands, typed: each from its attempt's recorded command data; the text form is parsed only for
    /// attempts recorded before command data existed. A command the catalog no longer builds is left out.
    /// </summary>
    public static IReadOnlyList<RemediationCommand> Executed(AnomalyEvent anomaly, IReadOnlyList<string> executed, RemediationCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(anomaly);
        ArgumentNullException.ThrowIfNull(executed);
        ArgumentNullException.ThrowIfNull(catalog);
        var commands = new List<RemediationCommand>();
        foreach (var text in executed)
        {
            var attempt = anomaly.RemediationAttempts.LastOrDefault(a => string.Equals(a.Command, text, StringComparison.Ordinal) && a.CommandData is not null);
            if ((attempt?.CommandData is { } data ? catalog.Build(data) : catalog.Parse(text)).Command is { } command)
            {
                commands.Add(command);
            }
        }

        return commands;
    }

    /// <summary>The entity's usual value per feature, as the detectors reported it (what they compared with).</summary>
    public static IReadOnlyDictionary<string, double> Baseline(IReadOnlyList<EvidenceItem> evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var baseline = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var item in evidence.Where(e => e.Threshold is not null))
        {
            baseline.TryAdd(item.FeatureName, item.Threshold!.Value);
        }

        return baseline;
    }

    /// <summary>Reads the entity's live facts from the cluster. Transport and API errors propagate to the caller.</summary>
    /// <param name="recent">Remediations applied lately, for the policy's rate and storm limits.</param>
    public async Task<IncidentFacts> ReadAsync(EntityKey entity, IReadOnlyList<EvidenceItem> evidence, IReadOnlyList<RecentAction> recent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(recent);
        var reference = entity.ToObjectReference();
        if (reference is null)
        {
            return new IncidentFacts(null, AnalysisEntityFacts.None, false, $"{entity} is not a single Kubernetes object; KubeWise changes nothing for it");
        }

        // The reader gathers facts for a command's target; a command on the entity itself (never sent) makes the entity the target.
        var read = await reader.ReadAsync(Probe(reference), reference, recent, ct).ConfigureAwait(false);
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
                c.Requests.GetValueOrDefault("memory"), c.Limits.GetValueOrDefault("memory")))],
            Baseline: Baseline(evidence));
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

    /// <summary>
    /// <paramref name="facts"/> with the container limits and requests and the replica counts Prometheus holds at
    /// <paramref name="at"/> filled in where they are missing, and the note saying so. A Prometheus that cannot answer
    /// leaves the facts as they were, with the reason in the note: analysis goes on without them.
    /// </summary>
    public async Task<IncidentFacts> WithPrometheusFactsAsync(IncidentFacts facts, EntityKey entity, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (prometheus is null)
        {
            return facts;
        }

        try
        {
            if (await prometheus.ReadAsync(entity, at, ct).ConfigureAwait(false) is not { } known)
            {
                return facts;
            }

            var filled = PrometheusFactsReader.Fill(facts.Entity, known);
            if (filled == facts.Entity)
            {
                return facts;
            }

            // Assumed facts (no cluster) know no containers: the policy would refuse a resource change on a container
            // it has never heard of. What kube-state-metrics reports stands in for the pod template.
            var live = facts.Live;
            if (facts.Provisional && live is not null && entity.ToObjectReference() is { } reference)
            {
                live = live with
                {
                    Objects = [.. live.Objects.Select(o => o.Containers.Count == 0 && o.Reference.Matches(reference)
                        ? o with { Containers = [.. filled.ContainersOrEmpty.Select(ToContainerFacts)], Replicas = o.Replicas ?? filled.DesiredReplicas }
                        : o)],
                };
            }

            return facts with { Live = live, Entity = filled, Note = $"{facts.Note}; {PrometheusFactsReader.Source}" };
        }
        catch (PrometheusException e)
        {
            return facts with { Note = $"{facts.Note}; Prometheus could not give limits, requests and replica counts: {e.Message}" };
        }
    }

    private static ContainerFacts ToContainerFacts(ContainerResources c) => new(c.Name)
    {
        Requests = Quantities(("cpu", c.CpuRequest), ("memory", c.MemoryRequest)),
        Limits = Quantities(("cpu", c.CpuLimit), ("memory", c.MemoryLimit)),
    };

    private static Dictionary<string, string> Quantities(params (string Resource, string? Value)[] values) =>
        values.Where(v => v.Value is not null).ToDictionary(v => v.Resource, v => v.Value!, StringComparer.Ordinal);

    private static RemediationCommand Probe(ObjectReference entity) => entity.Kind switch
    {
        KubernetesKinds.Deployment => new RestartDeploymentCommand(entity.Name, entity.Namespace!),
        KubernetesKinds.StatefulSet => new RestartStatefulSetCommand(entity.Name, entity.Namespace!),
        KubernetesKinds.DaemonSet => new RestartDaemonSetCommand(entity.Name, entity.Namespace!),
        KubernetesKinds.Pod => new DeletePodCommand(entity.Name, entity.Namespace!),
        _ => new CordonNodeCommand(entity.Name),
    };
}
