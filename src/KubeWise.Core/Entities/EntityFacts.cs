namespace KubeWise.Core.Entities;

/// <summary>
/// Point-in-time facts from kube-state-metrics and the API server that the deterministic detectors judge.
/// Null means "not measured for this entity" and never triggers a detector.
/// </summary>
public sealed record EntityFacts
{
    // Declared before None: static fields initialise in order, and None's Baselines must not be null.
    private static readonly IReadOnlyDictionary<string, SignalBaseline> EmptyBaselines = new Dictionary<string, SignalBaseline>();

    public static readonly EntityFacts None = new();

    /// <summary>Containers now waiting with reason CrashLoopBackOff (<c>kube_pod_container_status_waiting_reason</c>).</summary>
    public int? CrashLoopBackOffContainers { get; init; }

    /// <summary>Containers whose last termination reason is OOMKilled (<c>kube_pod_container_status_last_terminated_reason</c>).</summary>
    public int? OomKilledContainers { get; init; }

    /// <summary>Container restarts within the window (increase of <c>kube_pod_container_status_restarts_total</c>, resets handled; see <see cref="Features.CounterMath"/>).</summary>
    public double? RestartsInWindow { get; init; }

    /// <summary>Desired replicas (<c>kube_deployment_spec_replicas</c>).</summary>
    public int? ReplicasDesired { get; init; }

    /// <summary>Available replicas (<c>kube_deployment_status_replicas_available</c>).</summary>
    public int? ReplicasAvailable { get; init; }

    /// <summary>Unavailable replicas (<c>kube_deployment_status_replicas_unavailable</c>).</summary>
    public int? ReplicasUnavailable { get; init; }

    /// <summary>Since when replicas have been continuously unavailable (first sample of the current unavailable run).</summary>
    public DateTimeOffset? ReplicasUnavailableSince { get; init; }

    /// <summary>Node conditions (nodes only).</summary>
    public IReadOnlyList<NodeCondition> NodeConditions { get; init; } = [];

    /// <summary>API-server request latency p99 in seconds over every short-running verb (<c>histogram_quantile(0.99, …)</c> of the SLI histogram when the cluster has it, else the classic one).</summary>
    public double? ApiServerP99LatencySeconds { get; init; }

    /// <summary>The entity's own baselines per signal (<c>cpu_limit_ratio</c>, <c>memory_limit_ratio</c>), from the scan's look-back; empty when none is known yet.</summary>
    public IReadOnlyDictionary<string, SignalBaseline> Baselines { get; init; } = EmptyBaselines;

    /// <summary>API-server p99 per verb group (read, write), worst first; empty when Prometheus has no per-verb histogram.</summary>
    public IReadOnlyList<VerbGroupLatency> ApiServerLatencies { get; init; } = [];
}

/// <summary>The API server's p99 request latency of one verb group, and the histogram it was read from.</summary>
/// <param name="VerbGroup"><c>read</c> (GET, LIST) or <c>write</c> (POST, PUT, PATCH, DELETE, DELETECOLLECTION, APPLY).</param>
/// <param name="Histogram"><c>apiserver_request_sli_duration_seconds</c> or <c>apiserver_request_duration_seconds</c>.</param>
/// <param name="P99Seconds">The last p99 of the window, in seconds.</param>
public sealed record VerbGroupLatency(string VerbGroup, string Histogram, double P99Seconds)
{
    /// <summary>Span of <see cref="LowestRecentP99Seconds"/>: the window's last two minutes.</summary>
    public static TimeSpan RecentSpan { get; } = TimeSpan.FromMinutes(2);

    /// <summary>The lowest p99 of the window's last <see cref="RecentSpan"/>: what the group has held, not only its last scrape; null when not read.</summary>
    public double? LowestRecentP99Seconds { get; init; }

    /// <summary>The verbs of the group, for people.</summary>
    public string Verbs => VerbGroup switch
    {
        "read" => "GET, LIST",
        "write" => "POST, PUT, PATCH, DELETE",
        _ => VerbGroup,
    };
}
