namespace KubeWise.Testing.Prometheus.Synthetic;

/// <summary>What an anomaly is about.</summary>
public enum EntityKind
{
    Pod,
    Deployment,
    Node,
    ControlPlane,
    Job,
}

/// <summary>An entity of the synthetic cluster; <see cref="Namespace"/> is empty for nodes and the control plane.</summary>
public sealed record EntityRef(EntityKind Kind, string Namespace, string Name)
{
    public static EntityRef Pod(string ns, string name) => new(EntityKind.Pod, ns, name);

    public static EntityRef Deployment(string ns, string name) => new(EntityKind.Deployment, ns, name);

    public static EntityRef Node(string name) => new(EntityKind.Node, string.Empty, name);

    public static EntityRef Job(string ns, string name) => new(EntityKind.Job, ns, name);

    public static EntityRef ApiServer { get; } = new(EntityKind.ControlPlane, string.Empty, "apiserver");

    public override string ToString() => Namespace.Length == 0 ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";
}

/// <summary>Faults a detector should find.</summary>
public enum IncidentKind
{
    /// <summary>All pods of a deployment run at their CPU limit.</summary>
    CpuSaturation,

    /// <summary>One pod's working set grows steadily toward its memory limit.</summary>
    MemoryLeak,

    /// <summary>One pod restarts every few minutes and waits in CrashLoopBackOff.</summary>
    CrashLoop,

    /// <summary>One pod's memory hits its limit and the container is OOM-killed (one restart, last reason OOMKilled).</summary>
    OomKill,

    /// <summary>A deployment has unavailable replicas.</summary>
    ReplicasUnavailable,

    /// <summary>A node reports MemoryPressure and has almost no memory available.</summary>
    NodeMemoryPressure,

    /// <summary>API server request latency rises by two orders of magnitude.</summary>
    ApiServerLatency,
}

/// <summary>Changes that look unusual but are normal operations: a detector should NOT flag them.</summary>
public enum BenignEventKind
{
    /// <summary>A new ReplicaSet replaces the pods (new pod names), generation moves on.</summary>
    RollingUpdate,

    /// <summary>Load rises, the HPA adds replicas, load per pod falls back.</summary>
    HpaScaleOut,

    /// <summary>A CronJob's pods run hot for a few minutes and finish.</summary>
    CronJobBurst,

    /// <summary>A node joins the cluster.</summary>
    NewNode,

    /// <summary>A workload that always runs close to its CPU limit.</summary>
    AlwaysBusy,

    /// <summary>A workload whose CPU or memory sits at 90–97 % of its limit for the whole history: high, but its normal.</summary>
    SteadyNearLimit,
}

/// <summary>Which API-server latency histograms the cluster exposes.</summary>
public enum ApiServerHistograms
{
    /// <summary><c>apiserver_request_duration_seconds</c> only (clusters before 1.26).</summary>
    DurationOnly,

    /// <summary>Both <c>apiserver_request_sli_duration_seconds</c> (no webhooks, no long-running requests) and <c>apiserver_request_duration_seconds</c>.</summary>
    Both,

    /// <summary><c>apiserver_request_sli_duration_seconds</c> only (a cluster that drops the other one to save series).</summary>
    SliOnly,
}

/// <summary>
/// How an incident looks, beyond its kind and time. Unset values keep the generator's classic shape: a leak that ramps
/// linearly to 97 % of the limit over the incident, one OOM kill halfway through, API-server latency ×80 on every verb at once.
/// </summary>
public sealed record IncidentShape
{
    /// <summary>Memory leak: growth per 10 minutes as a share of the limit (0.003–0.03 for 0.3–3 %).</summary>
    public double? LeakPerTenMinutes { get; init; }

    /// <summary>Memory leak: share of the limit the working set has reached when the incident starts; it grew at that rate before, and goes on to at most 99 %.</summary>
    public double? LeakLevelAtStart { get; init; }

    /// <summary>OOM kill: the first kill this long after the start, then one kill every <see cref="OomEvery"/> (memory climbs again after each restart).</summary>
    public TimeSpan? OomFirstAfter { get; init; }

    /// <summary>OOM kill: time between kills; null for one kill.</summary>
    public TimeSpan? OomEvery { get; init; }

    /// <summary>API-server latency: factor on the median latency of the slowed requests.</summary>
    public double? LatencyFactor { get; init; }

    /// <summary>API-server latency: the verbs slowed (GET, LIST, PATCH, CREATE); null for all.</summary>
    public IReadOnlyList<string>? LatencyVerbs { get; init; }

    /// <summary>API-server latency: time over which the share of slowed requests grows from a quarter to all, in four steps.</summary>
    public TimeSpan? LatencyRamp { get; init; }
}

/// <summary>One injected fault. <see cref="AffectedPods"/> lists the pods whose series show it.</summary>
public sealed record GroundTruthIncident(IncidentKind Kind, EntityRef Entity, DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<EntityRef> AffectedPods)
{
    /// <summary>
    /// Since when the state holds, when that is before <see cref="Start"/>: a leak's growth begins long before the working set
    /// reaches the level at which the incident starts (possibly before the history does).
    /// </summary>
    public DateTimeOffset? StateSince { get; init; }

    /// <summary>The incident's shape in words (rate, level, factor, verbs), for reports.</summary>
    public string Detail { get; init; } = string.Empty;

    public bool Overlaps(DateTimeOffset from, DateTimeOffset to) => Start <= to && End >= from;

    /// <summary>True when <paramref name="entity"/> is the incident's entity or one of its affected pods.</summary>
    public bool Concerns(EntityRef entity) => Entity == entity || AffectedPods.Contains(entity);
}

/// <summary>One benign event.</summary>
public sealed record GroundTruthEvent(BenignEventKind Kind, EntityRef Entity, DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// What really happened in a synthetic cluster: the answer key for recall and false-positive measurements.
/// </summary>
public sealed class GroundTruth(IReadOnlyList<GroundTruthIncident> incidents, IReadOnlyList<GroundTruthEvent> benignEvents)
{
    public IReadOnlyList<GroundTruthIncident> Incidents { get; } = incidents;

    public IReadOnlyList<GroundTruthEvent> BenignEvents { get; } = benignEvents;

    /// <summary>Incidents active at any moment of [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public IReadOnlyList<GroundTruthIncident> IncidentsBetween(DateTimeOffset from, DateTimeOffset to) =>
        [.. Incidents.Where(i => i.Overlaps(from, to))];

    /// <summary>Kinds of incident that concern <paramref name="entity"/> (itself or as an affected pod) in the interval.</summary>
    public IReadOnlySet<IncidentKind> KindsFor(EntityRef entity, DateTimeOffset from, DateTimeOffset to) =>
        Incidents.Where(i => i.Overlaps(from, to) && i.Concerns(entity)).Select(i => i.Kind).ToHashSet();

    /// <summary>True when a flag on <paramref name="entity"/> in the interval would be a true positive.</summary>
    public bool IsIncident(EntityRef entity, DateTimeOffset from, DateTimeOffset to) => KindsFor(entity, from, to).Count > 0;
}
