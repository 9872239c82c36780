using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Remediation.Policy;

/// <summary>
/// Everything the policy needs to judge one command, gathered by the caller (from the cluster, the store, the detector),
/// so the policy itself never calls out and is tested without a cluster.
/// </summary>
public sealed record RemediationFacts
{
    /// <summary>The entity the anomaly was found on (a Pod, a workload or a Node).</summary>
    public required ObjectReference AnomalousEntity { get; init; }

    /// <summary>Live state of the command's target; null when it was not found.</summary>
    public ObjectFacts? Target { get; init; }

    /// <summary>The objects that own the anomalous entity, nearest first (Pod → ReplicaSet → Deployment), with their metadata.</summary>
    public IReadOnlyList<ObjectFacts> OwnerChain { get; init; } = [];

    /// <summary>Labels and annotations of the namespaces involved (target's and entity's), by name.</summary>
    public IReadOnlyList<NamespaceFacts> Namespaces { get; init; } = [];

    /// <summary>The node the anomalous entity runs on (its own name when the entity is a Node).</summary>
    public string? EntityNode { get; init; }

    /// <summary>The HorizontalPodAutoscaler that scales the target, if any.</summary>
    public HpaFacts? Hpa { get; init; }

    /// <summary>The PodDisruptionBudgets that cover the target's pods.</summary>
    public IReadOnlyList<PdbFacts> DisruptionBudgets { get; init; } = [];

    /// <summary>Remediations already applied (or planned in the same batch), with their times, for the rate and storm limits.</summary>
    public IReadOnlyList<RecentAction> RecentActions { get; init; } = [];

    /// <summary>Node counts for the cordon limit.</summary>
    public ClusterFacts Cluster { get; init; } = new(0, []);
}

/// <summary>The metadata and the bits of spec/status of one object that guards look at.</summary>
public sealed record ObjectFacts(ObjectReference Reference, string Uid, long Generation)
{
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary><c>spec.replicas</c> of a workload.</summary>
    public int? Replicas { get; init; }

    /// <summary>True while a workload rolls out (generation ahead of observedGeneration, or updated/available replicas behind).</summary>
    public bool RolloutInProgress { get; init; }

    /// <summary><c>spec.unschedulable</c> of a Node.</summary>
    public bool Unschedulable { get; init; }

    /// <summary>The pod template's containers with their current requests and limits.</summary>
    public IReadOnlyList<ContainerFacts> Containers { get; init; } = [];
}

/// <summary>A container's current resources, as quantity strings keyed by resource name (<c>cpu</c>, <c>memory</c>).</summary>
public sealed record ContainerFacts(string Name)
{
    public IReadOnlyDictionary<string, string> Requests { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Limits { get; init; } = new Dictionary<string, string>();
}

public sealed record NamespaceFacts(string Name)
{
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
}

public sealed record HpaFacts(string Name, int MinReplicas, int MaxReplicas);

public sealed record PdbFacts(string Name, int DisruptionsAllowed);

/// <summary>A remediation that was applied at <paramref name="At"/> on <paramref name="Target"/> for <paramref name="AnomalousEntity"/>.</summary>
/// <param name="AnomalyId">The incident it was for, when known: ties a reservation to the attempt it became.</param>
public sealed record RecentAction(DateTimeOffset At, ObjectReference Target, string Operation, ObjectReference? AnomalousEntity = null, string? AnomalyId = null);

/// <summary>Cluster size and the nodes that are cordoned now.</summary>
public sealed record ClusterFacts(int NodeCount, IReadOnlyList<string> CordonedNodes);
