namespace KubeWise.Testing.Prometheus.Synthetic;

/// <summary>A node. <see cref="From"/> is when it joined.</summary>
public sealed class SyntheticNode
{
    internal SyntheticNode(string name, DateTimeOffset from, double cores, long memoryBytes)
    {
        Name = name;
        From = from;
        Cores = cores;
        MemoryBytes = memoryBytes;
    }

    public string Name { get; }

    public DateTimeOffset From { get; }

    public double Cores { get; }

    public long MemoryBytes { get; }

    internal List<(double From, double To)> MemoryPressure { get; } = [];

    public EntityRef Ref => EntityRef.Node(Name);
}

/// <summary>A deployment with its ReplicaSets (one per revision) and its pods across time.</summary>
public sealed class SyntheticDeployment
{
    internal SyntheticDeployment(string ns, string name, int replicas)
    {
        Namespace = ns;
        Name = name;
        InitialReplicas = replicas;
    }

    public string Namespace { get; }

    public string Name { get; }

    public int InitialReplicas { get; }

    public double CpuRequestCores { get; internal set; }

    public double CpuLimitCores { get; internal set; }

    public long MemoryRequestBytes { get; internal set; }

    public long MemoryLimitBytes { get; internal set; }

    /// <summary>Mean CPU use of one pod, in cores.</summary>
    public double BaseCpuCores { get; internal set; }

    /// <summary>Mean working set of one pod, in bytes.</summary>
    public long BaseMemoryBytes { get; internal set; }

    public bool AlwaysBusy { get; internal set; }

    /// <summary>Share of the CPU limit a steady-near-limit deployment runs at, or null.</summary>
    public double? SteadyCpuShare { get; internal set; }

    /// <summary>Share of the memory limit a steady-near-limit deployment's working set holds, or null.</summary>
    public double? SteadyMemoryShare { get; internal set; }

    public bool HasHpa => ScaleOuts.Count > 0;

    public IReadOnlyList<SyntheticReplicaSet> ReplicaSets => ReplicaSetList;

    public IReadOnlyList<SyntheticPod> Pods => PodList;

    public EntityRef Ref => EntityRef.Deployment(Namespace, Name);

    internal List<SyntheticReplicaSet> ReplicaSetList { get; } = [];

    internal List<SyntheticPod> PodList { get; } = [];

    internal List<DateTimeOffset> Rollouts { get; } = [];

    internal List<(DateTimeOffset At, int Extra)> ScaleOuts { get; } = [];

    internal List<(double From, double To, int Unavailable)> Unavailable { get; } = [];

    /// <summary>Desired replicas at a time (HPA scale-outs included).</summary>
    public int ReplicasAt(DateTimeOffset time) => InitialReplicas + ScaleOuts.Where(s => s.At <= time).Sum(s => s.Extra);

    /// <summary>Pods that exist at a time.</summary>
    public IEnumerable<SyntheticPod> PodsAt(DateTimeOffset time) => PodList.Where(p => p.ExistsAt(time));
}

/// <summary>One revision of a deployment.</summary>
public sealed record SyntheticReplicaSet(string Namespace, string Name, string Deployment, int Revision, DateTimeOffset From);

/// <summary>A pod with one container; <see cref="To"/> is null while it lives past the scenario.</summary>
public sealed class SyntheticPod
{
    internal SyntheticPod(string ns, string name, string uid, string ownerKind, string ownerName, string node, string container, DateTimeOffset from, DateTimeOffset? to)
    {
        Namespace = ns;
        Name = name;
        Uid = uid;
        OwnerKind = ownerKind;
        OwnerName = ownerName;
        Node = node;
        Container = container;
        From = from;
        To = to;
    }

    public string Namespace { get; }

    public string Name { get; }

    public string Uid { get; }

    /// <summary><c>ReplicaSet</c> or <c>Job</c>.</summary>
    public string OwnerKind { get; }

    public string OwnerName { get; }

    /// <summary>The deployment above the ReplicaSet, or null for job pods.</summary>
    public SyntheticDeployment? Deployment { get; internal init; }

    public string Node { get; }

    public string Container { get; }

    public DateTimeOffset From { get; }

    public DateTimeOffset? To { get; internal set; }

    public double CpuLimitCores { get; internal init; }

    public double CpuRequestCores { get; internal init; }

    public long MemoryLimitBytes { get; internal init; }

    public long MemoryRequestBytes { get; internal init; }

    public EntityRef Ref => EntityRef.Pod(Namespace, Name);

    public bool ExistsAt(DateTimeOffset time) => From <= time && (To is null || time < To);

    internal CounterModel Cpu { get; set; } = null!;

    internal double BaseMemory { get; init; }

    internal Signals.LoadShape Load { get; init; }

    internal ulong Key { get; init; }

    internal List<(double From, double To)> Leaks { get; } = [];

    /// <summary>Leaks of a fixed rate: share of the limit at <c>Start</c>, growth per second (as a share), until <c>To</c>; capped at 99 %.</summary>
    internal List<(double Start, double To, double LevelAtStart, double PerSecond)> LinearLeaks { get; } = [];

    /// <summary>Relative amplitude of the working set's slow variation with load.</summary>
    internal double MemoryWobble { get; init; } = 0.3;

    /// <summary>Relative amplitude of the working set's sample-to-sample noise.</summary>
    internal double MemoryNoise { get; init; } = 0.02;

    internal List<(double From, double Kill)> OomKills { get; } = [];

    internal List<(double From, double To)> CrashLoops { get; } = [];

    /// <summary>CPU use in cores at a time, from the model (what <c>rate(container_cpu_usage_seconds_total[1m])</c> approaches).</summary>
    public double CpuCoresAt(DateTimeOffset time) => Cpu.RateAt(time.ToUnixTimeMilliseconds() / 1000.0);
}
