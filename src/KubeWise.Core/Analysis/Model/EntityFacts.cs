namespace KubeWise.Core.Analysis;

/// <summary>Resources of one container; quantities in Kubernetes notation (<c>512Mi</c>, <c>250m</c>).</summary>
public sealed record ContainerResources(
    string Name,
    string? CpuRequest = null,
    string? CpuLimit = null,
    string? MemoryRequest = null,
    string? MemoryLimit = null);

/// <summary>
/// What is known about the entity when it is analysed. Labels and annotations are untrusted text
/// (anyone who can create a pod writes them): they are shown to the model as data and never acted on.
/// </summary>
/// <param name="Owners">Owner chain, nearest first (a pod's ReplicaSet, then its Deployment).</param>
/// <param name="NodeName">The node a pod runs on.</param>
/// <param name="DesiredReplicas">Spec replicas of the workload (the entity or its top owner).</param>
/// <param name="AvailableReplicas">Available replicas of that workload.</param>
/// <param name="Containers">Container resources of the workload's pod template.</param>
/// <param name="Baseline">The entity's usual value per feature, for the rule verifier.</param>
/// <param name="Conditions">Conditions that are not in their healthy state (node <c>MemoryPressure=True</c>, pod <c>Ready=False</c>…).</param>
/// <param name="Revision">The workload's current rollout revision, when known.</param>
public sealed record EntityFacts(
    IReadOnlyDictionary<string, string>? Labels = null,
    IReadOnlyDictionary<string, string>? Annotations = null,
    IReadOnlyList<EntityRef>? Owners = null,
    string? NodeName = null,
    int? DesiredReplicas = null,
    int? AvailableReplicas = null,
    IReadOnlyList<ContainerResources>? Containers = null,
    IReadOnlyDictionary<string, double>? Baseline = null,
    IReadOnlyList<string>? Conditions = null,
    long? Revision = null)
{
    public static EntityFacts None { get; } = new();

    public IReadOnlyDictionary<string, string> LabelsOrEmpty => Labels ?? EmptyMap;

    public IReadOnlyDictionary<string, string> AnnotationsOrEmpty => Annotations ?? EmptyMap;

    public IReadOnlyList<EntityRef> OwnersOrEmpty => Owners ?? [];

    public IReadOnlyList<ContainerResources> ContainersOrEmpty => Containers ?? [];

    public IReadOnlyDictionary<string, double> BaselineOrEmpty => Baseline ?? EmptyBaseline;

    private static readonly IReadOnlyDictionary<string, string> EmptyMap = new Dictionary<string, string>();
    private static readonly IReadOnlyDictionary<string, double> EmptyBaseline = new Dictionary<string, double>();
}
