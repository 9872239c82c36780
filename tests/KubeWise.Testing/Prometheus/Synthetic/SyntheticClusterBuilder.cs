namespace KubeWise.Testing.Prometheus.Synthetic;

/// <summary>
/// Describes a synthetic cluster: its shape, its time window, the incidents to inject and the benign events to mix in.
/// The same seed and calls give the same cluster, names and samples on every machine.
/// </summary>
public sealed class SyntheticClusterBuilder
{
    private static readonly string[] NamespaceNames = ["shop", "payments", "search", "platform", "data", "web", "identity", "media"];
    private static readonly string[] DeploymentNames = ["frontend", "checkout", "api", "worker", "cart", "catalog", "auth", "billing", "notifier", "gateway"];

    private readonly int _seed;
    private int _namespaces = 3;
    private int _deploymentsPerNamespace = 3;
    private int _replicas = 2;
    private int _nodes = 3;
    private DateTimeOffset _start = new(2025, 6, 2, 8, 0, 0, TimeSpan.Zero);
    private DateTimeOffset _end = new(2025, 6, 2, 10, 0, 0, TimeSpan.Zero);
    private TimeSpan _step = TimeSpan.FromSeconds(15);
    private readonly List<(IncidentKind Kind, EntityRef Target, DateTimeOffset Start, TimeSpan Duration, IncidentShape? Shape)> _incidents = [];
    private readonly Dictionary<(string, string), (double? Cpu, double? Memory)> _steady = [];
    private ApiServerHistograms? _apiServer;
    private bool _fullExporters;
    private readonly List<Action<SyntheticCluster.Assembly>> _events = [];
    private readonly HashSet<(string, string)> _busy = [];

    public SyntheticClusterBuilder(int seed = 42) => _seed = seed;

    /// <summary>Namespaces × deployments per namespace × replicas pods, on <paramref name="nodes"/> nodes.</summary>
    public SyntheticClusterBuilder WithShape(int namespaces, int deploymentsPerNamespace, int replicas, int nodes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(namespaces);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(deploymentsPerNamespace);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(replicas);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nodes);
        (_namespaces, _deploymentsPerNamespace, _replicas, _nodes) = (namespaces, deploymentsPerNamespace, replicas, nodes);
        return this;
    }

    /// <summary>The time window the cluster's samples cover; <paramref name="start"/> is aligned down to the step.</summary>
    public SyntheticClusterBuilder Between(DateTimeOffset start, DateTimeOffset end, TimeSpan? step = null)
    {
        if (end <= start)
        {
            throw new ArgumentException("The window must end after it starts.", nameof(end));
        }

        _step = step ?? _step;
        var stepMs = (long)_step.TotalMilliseconds;
        _start = DateTimeOffset.FromUnixTimeMilliseconds(start.ToUnixTimeMilliseconds() / stepMs * stepMs);
        _end = end;
        return this;
    }

    /// <summary>
    /// Injects a fault. Target: a deployment (CPU saturation, replicas unavailable; memory leak, crash loop and OOM kill hit its
    /// first pod), a node (memory pressure) or <see cref="EntityRef.ApiServer"/> (API-server latency).
    /// </summary>
    public SyntheticClusterBuilder WithIncident(IncidentKind kind, EntityRef target, DateTimeOffset start, TimeSpan duration) =>
        WithIncident(kind, target, start, duration, null);

    /// <summary>Injects a fault with a <paramref name="shape"/> (leak rate and level, OOM cadence, latency factor, verbs and ramp).</summary>
    public SyntheticClusterBuilder WithIncident(IncidentKind kind, EntityRef target, DateTimeOffset start, TimeSpan duration, IncidentShape? shape)
    {
        var expected = kind switch
        {
            IncidentKind.NodeMemoryPressure => EntityKind.Node,
            IncidentKind.ApiServerLatency => EntityKind.ControlPlane,
            _ => EntityKind.Deployment,
        };
        if (target.Kind != expected)
        {
            throw new ArgumentException($"{kind} targets a {expected}, not {target}.", nameof(target));
        }

        _incidents.Add((kind, target, start, duration, shape));
        return this;
    }

    /// <summary>A rollout at <paramref name="at"/>: a new ReplicaSet, new pod names, one pod replaced every 30 s.</summary>
    public SyntheticClusterBuilder WithRollingUpdate(string ns, string deployment, DateTimeOffset at)
    {
        _events.Add(a => a.RollingUpdate(ns, deployment, at));
        return this;
    }

    /// <summary>Load climbs for 10 minutes before <paramref name="at"/>, then the HPA adds <paramref name="extraReplicas"/> pods.</summary>
    public SyntheticClusterBuilder WithHpaScaleOut(string ns, string deployment, DateTimeOffset at, int extraReplicas = 2)
    {
        _events.Add(a => a.ScaleOut(ns, deployment, at, extraReplicas));
        return this;
    }

    /// <summary>A CronJob run: <paramref name="pods"/> job pods near their CPU limit for <paramref name="duration"/>.</summary>
    public SyntheticClusterBuilder WithCronJobBurst(string ns, string cronJob, DateTimeOffset at, TimeSpan duration, int pods = 2)
    {
        _events.Add(a => a.CronJobBurst(ns, cronJob, at, duration, pods));
        return this;
    }

    /// <summary>A node that joins at <paramref name="at"/>.</summary>
    public SyntheticClusterBuilder WithNewNode(DateTimeOffset at)
    {
        _events.Add(a => a.NewNode(at));
        return this;
    }

    /// <summary>A deployment that always runs near its CPU limit: busy, not broken.</summary>
    public SyntheticClusterBuilder WithAlwaysBusy(string ns, string deployment)
    {
        _busy.Add((ns, deployment));
        return this;
    }

    /// <summary>
    /// A deployment whose CPU use (<paramref name="cpuShare"/>) and/or working set (<paramref name="memoryShare"/>) sits at that
    /// share of its limit for the whole history, with little variation: near the limit, and normal for it.
    /// </summary>
    public SyntheticClusterBuilder WithSteadyNearLimit(string ns, string deployment, double? cpuShare, double? memoryShare)
    {
        if (cpuShare is <= 0 or >= 1 || memoryShare is <= 0 or >= 1 || (cpuShare is null && memoryShare is null))
        {
            throw new ArgumentException("Give a CPU and/or memory share of the limit between 0 and 1.");
        }

        _steady[(ns, deployment)] = (cpuShare, memoryShare);
        return this;
    }

    /// <summary>
    /// The API server as a 1.27+ cluster exposes it: per verb and resource, with the real bucket layouts, the histograms
    /// <paramref name="histograms"/> names, WATCH in the plain histogram only, and admission-webhook time on mutating
    /// verbs in the plain one only. Without this call the classic three-verb histogram is written.
    /// </summary>
    public SyntheticClusterBuilder WithApiServer(ApiServerHistograms histograms)
    {
        _apiServer = histograms;
        return this;
    }

    /// <summary>
    /// Series a kube-prometheus cluster has beside the essential ones: cAdvisor's CFS throttling counters, kube-state-metrics'
    /// ready replicas, ReplicaSet and HPA spec/status series.
    /// </summary>
    public SyntheticClusterBuilder WithFullExporters()
    {
        _fullExporters = true;
        return this;
    }

    /// <summary>The namespace name the builder gives the <paramref name="index"/>-th namespace.</summary>
    public static string NamespaceName(int index) => index < NamespaceNames.Length ? NamespaceNames[index] : $"ns-{index}";

    /// <summary>The deployment name the builder gives the <paramref name="index"/>-th deployment of a namespace.</summary>
    public static string DeploymentName(int index) => index < DeploymentNames.Length ? DeploymentNames[index] : $"app-{index}";

    public SyntheticCluster Build()
    {
        var assembly = new SyntheticCluster.Assembly((ulong)_seed, _start, _end, _step)
        {
            ApiServer = _apiServer,
            FullExporters = _fullExporters,
        };
        assembly.CreateNodes(_nodes);
        assembly.CreateDeployments(_namespaces, _deploymentsPerNamespace, _replicas, _busy, _steady);
        foreach (var record in _events)
        {
            record(assembly);
        }

        assembly.CreatePods();
        foreach (var (kind, target, start, duration, shape) in _incidents)
        {
            assembly.Inject(kind, target, start, duration, shape);
        }

        return assembly.Finish();
    }
}
