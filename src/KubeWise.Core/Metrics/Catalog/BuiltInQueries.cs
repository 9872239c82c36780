using KubeWise.Core.Entities;

namespace KubeWise.Core.Metrics.Catalog;

/// <summary>
/// The standard Kubernetes queries (cAdvisor, kube-state-metrics, node-exporter, API server). Each aggregates in
/// PromQL to one series per controller, deployment, node or the API server, so the number of requests per cycle is
/// the number of queries whatever the number of pods.
/// </summary>
public static class BuiltInQueries
{
    /// <summary>Id of the instant query mapping ReplicaSets to their Deployments.</summary>
    public const string ReplicaSetOwners = "replicaset_owner";

    /// <summary>Id of the instant query mapping Jobs to their CronJobs.</summary>
    public const string JobOwners = "job_owner";

    /// <summary>Id of the instant query mapping pods to their controllers (only run when a pod-level query needs it).</summary>
    public const string PodOwnerMap = "pod_owner";

    public const string CpuLimitRatio = "cpu_limit_ratio";
    public const string MemoryLimitRatio = "memory_limit_ratio";
    public const string NetworkErrors = "network_errors_per_second";
    public const string Restarts = "container_restarts";
    public const string CrashLoopContainers = "crashloop_containers";
    public const string OomKilledContainers = "oom_killed_containers";
    public const string ReplicasDesired = "replicas_desired";
    public const string ReplicasAvailable = "replicas_available";
    public const string ReplicasUnavailable = "replicas_unavailable";
    public const string Generation = "generation";
    public const string ObservedGeneration = "observed_generation";
    public const string HpaDesiredReplicas = "hpa_desired_replicas";
    public const string NodeMemoryAvailableRatio = "node_memory_available_ratio";
    public const string NodeCpuBusyRatio = "node_cpu_busy_ratio";
    public const string NodeCondition = "node_condition";
    public const string ApiServerP99Latency = "apiserver_p99_latency_seconds";

    /// <summary>
    /// API-server p99 per verb group (<c>read</c>: GET, LIST; <c>write</c>: POST, PUT, PATCH, DELETE, APPLY,
    /// DELETECOLLECTION), split as <c>id:group:histogram</c> so facts and evidence name the histogram that answered.
    /// </summary>
    public const string ApiServerP99LatencyByVerbGroup = "apiserver_p99_latency_by_verb_group_seconds";

    /// <summary>The API server's SLI histogram (Kubernetes 1.26+): request latency without webhooks and long-running requests.</summary>
    public const string ApiServerSliHistogram = "apiserver_request_sli_duration_seconds";

    /// <summary>The API server's classic request-latency histogram (every Kubernetes version; includes webhook time).</summary>
    public const string ApiServerHistogram = "apiserver_request_duration_seconds";
    public const string ApiServerErrorRatio = "apiserver_error_ratio";

    /// <summary>Pod → controller, one series per pod; joined into the workload queries with <c>group_left</c>.</summary>
    internal const string PodOwners = "max by (namespace, pod, owner_kind, owner_name) (kube_pod_owner{owner_is_controller=\"true\"$namespace})";

    private const string ByOwner = "by (namespace, owner_kind, owner_name)";
    private const string JoinOwners = "* on (namespace, pod) group_left (owner_kind, owner_name) $owners";

    public static IReadOnlyList<CatalogQuery> All { get; } =
    [
        Workload(CpuLimitRatio, MetricKind.Gauge, SeriesAggregation.Max, feature: true,
            $"max {ByOwner} ((sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{{container!=\"\",container!=\"POD\"$namespace}}[$rate])) / sum by (namespace, pod) (kube_pod_container_resource_limits{{resource=\"cpu\"$namespace}})) {JoinOwners})",
            ["container_cpu_usage_seconds_total", "kube_pod_container_resource_limits"],
            "CPU use of the busiest pod as a share of its CPU limit (cAdvisor / kube-state-metrics)."),
        Workload(MemoryLimitRatio, MetricKind.Gauge, SeriesAggregation.Max, feature: true,
            $"max {ByOwner} ((sum by (namespace, pod) (container_memory_working_set_bytes{{container!=\"\",container!=\"POD\"$namespace}}) / sum by (namespace, pod) (kube_pod_container_resource_limits{{resource=\"memory\"$namespace}})) {JoinOwners})",
            ["container_memory_working_set_bytes", "kube_pod_container_resource_limits"],
            "Working set of the fullest pod as a share of its memory limit."),
        Workload(NetworkErrors, MetricKind.Gauge, SeriesAggregation.Sum, feature: true,
            $"sum {ByOwner} ((sum by (namespace, pod) (rate(container_network_receive_errors_total{{$namespace}}[$rate])) + sum by (namespace, pod) (rate(container_network_transmit_errors_total{{$namespace}}[$rate]))) {JoinOwners})",
            ["container_network_receive_errors_total", "container_network_transmit_errors_total"],
            "Network receive and transmit errors per second of the workload's pods."),
        Workload(Restarts, MetricKind.Counter, SeriesAggregation.Sum, feature: false,
            $"sum {ByOwner} (sum by (namespace, pod) (kube_pod_container_status_restarts_total{{$namespace}}) {JoinOwners})",
            ["kube_pod_container_status_restarts_total"],
            "Container restarts of the workload's pods."),
        Workload(CrashLoopContainers, MetricKind.Gauge, SeriesAggregation.Sum, feature: false,
            $"sum {ByOwner} (sum by (namespace, pod) (kube_pod_container_status_waiting_reason{{reason=\"CrashLoopBackOff\"$namespace}}) {JoinOwners})",
            ["kube_pod_container_status_waiting_reason"],
            "Containers waiting in CrashLoopBackOff."),
        Workload(OomKilledContainers, MetricKind.Gauge, SeriesAggregation.Sum, feature: false,
            $"sum {ByOwner} (sum by (namespace, pod) (kube_pod_container_status_last_terminated_reason{{reason=\"OOMKilled\"$namespace}}) {JoinOwners})",
            ["kube_pod_container_status_last_terminated_reason"],
            "Containers whose last termination was an OOM kill."),
        Deployment(ReplicasDesired, "kube_deployment_spec_replicas", "Desired replicas."),
        Deployment(ReplicasAvailable, "kube_deployment_status_replicas_available", "Available replicas."),
        Deployment(ReplicasUnavailable, "kube_deployment_status_replicas_unavailable", "Unavailable replicas."),
        Deployment(Generation, "kube_deployment_metadata_generation", "Spec generation."),
        Deployment(ObservedGeneration, "kube_deployment_status_observed_generation", "Generation the controller has acted on."),
        new(HpaDesiredReplicas,
            "label_replace(max by (namespace, horizontalpodautoscaler) (kube_horizontalpodautoscaler_status_desired_replicas{$namespace}), \"deployment\", \"$1\", \"horizontalpodautoscaler\", \"(.*)\")",
            ["kube_horizontalpodautoscaler_status_desired_replicas"], QueryTarget.Deployment, MetricKind.Gauge, QueryOrigin.BuiltIn)
        {
            Aggregation = SeriesAggregation.Max,
            Description = "Replicas the HorizontalPodAutoscaler wants; the HPA is matched to the deployment of the same name, the usual convention.",
        },
        new(NodeMemoryAvailableRatio, "min by (node) (node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes)",
            ["node_memory_MemAvailable_bytes", "node_memory_MemTotal_bytes"], QueryTarget.Node, MetricKind.Gauge, QueryOrigin.BuiltIn)
        {
            IsFeature = true, Aggregation = SeriesAggregation.Max, Description = "Share of the node's memory still available (node-exporter).",
        },
        new(NodeCpuBusyRatio, "1 - avg by (node) (rate(node_cpu_seconds_total{mode=\"idle\"}[$rate]))",
            ["node_cpu_seconds_total"], QueryTarget.Node, MetricKind.Gauge, QueryOrigin.BuiltIn)
        {
            IsFeature = true, Aggregation = SeriesAggregation.Max, Description = "Share of the node's CPU time not idle (node-exporter).",
        },
        new(NodeCondition, "max by (node, condition, status) (kube_node_status_condition == 1)",
            ["kube_node_status_condition"], QueryTarget.Node, MetricKind.Gauge, QueryOrigin.BuiltIn)
        {
            Aggregation = SeriesAggregation.Max, SplitLabels = ["condition", "status"], Description = "Node conditions (Ready, MemoryPressure, DiskPressure, PIDPressure).",
        },
        ApiServerLatency(ApiServerHistogram) with { Preferred = ApiServerLatency(ApiServerSliHistogram) },
        ApiServerLatencyByVerbGroup(ApiServerHistogram) with { Preferred = ApiServerLatencyByVerbGroup(ApiServerSliHistogram) },
        new(ApiServerErrorRatio, "sum(rate(apiserver_request_total{code=~\"5..\"}[$rate])) / sum(rate(apiserver_request_total[$rate]))",
            ["apiserver_request_total"], QueryTarget.ControlPlane, MetricKind.Gauge, QueryOrigin.BuiltIn)
        {
            IsFeature = true, Aggregation = SeriesAggregation.Max, Description = "Share of API-server requests answered 5xx.",
        },
        new(ReplicaSetOwners, "max by (namespace, replicaset, owner_kind, owner_name) (last_over_time(kube_replicaset_owner{$namespace}[$lookback]))",
            ["kube_replicaset_owner"], QueryTarget.Workload, MetricKind.Gauge, QueryOrigin.BuiltIn)
        {
            Instant = true, Description = "ReplicaSet → Deployment.",
        },
        new(JobOwners, "max by (namespace, job_name, owner_kind, owner_name) (last_over_time(kube_job_owner{$namespace}[$lookback]))",
            ["kube_job_owner"], QueryTarget.Workload, MetricKind.Gauge, QueryOrigin.BuiltIn)
        {
            Instant = true, Description = "Job → CronJob.",
        },
        new(PodOwnerMap, "max by (namespace, pod, owner_kind, owner_name) (last_over_time(kube_pod_owner{owner_is_controller=\"true\"$namespace}[$lookback]))",
            ["kube_pod_owner"], QueryTarget.Pod, MetricKind.Gauge, QueryOrigin.BuiltIn)
        {
            Instant = true, Description = "Pod → controller, for pod-level queries from configuration.",
        },
    ];

    /// <summary>Ids of the owner-resolution queries: they name no signal of their own.</summary>
    public static IReadOnlySet<string> ResolutionQueries { get; } = new HashSet<string>(StringComparer.Ordinal) { ReplicaSetOwners, JobOwners, PodOwnerMap };

    private static CatalogQuery Workload(string id, MetricKind kind, SeriesAggregation aggregation, bool feature, string expression, string[] metrics, string description) =>
        new(id, expression, [.. metrics, "kube_pod_owner"], QueryTarget.Workload, kind, QueryOrigin.BuiltIn)
        {
            IsFeature = feature, Aggregation = aggregation, Description = description,
        };

    private static CatalogQuery ApiServerLatency(string histogram) =>
        new(ApiServerP99Latency, $"histogram_quantile(0.99, sum by (le) (rate({histogram}_bucket{{verb!~\"WATCH|CONNECT\"}}[$rate])))",
            [histogram + "_bucket"], QueryTarget.ControlPlane, MetricKind.Gauge, QueryOrigin.BuiltIn)
        {
            IsFeature = true,
            Aggregation = SeriesAggregation.Max,
            Description = $"API-server request latency p99 in seconds (long-running verbs excluded; {histogram}).",
        };

    private static CatalogQuery ApiServerLatencyByVerbGroup(string histogram)
    {
        var rate = $"rate({histogram}_bucket{{verb=~\"{ReadVerbs}|{WriteVerbs}\"}}[$rate])";
        var grouped = $"label_replace(label_replace({rate}, \"verb_group\", \"read\", \"verb\", \"{ReadVerbs}\"), \"verb_group\", \"write\", \"verb\", \"{WriteVerbs}\")";
        return new(ApiServerP99LatencyByVerbGroup,
            $"label_replace(histogram_quantile(0.99, sum by (le, verb_group) ({grouped})), \"histogram\", \"{histogram}\", \"\", \"\")",
            [histogram + "_bucket"], QueryTarget.ControlPlane, MetricKind.Gauge, QueryOrigin.BuiltIn)
        {
            Aggregation = SeriesAggregation.Max,
            SplitLabels = ["verb_group", "histogram"],
            Description = $"API-server request latency p99 in seconds per verb group, read (GET, LIST) and write ({histogram}).",
        };
    }

    private const string ReadVerbs = "GET|LIST";
    private const string WriteVerbs = "POST|PUT|PATCH|DELETE|DELETECOLLECTION|APPLY";

    private static CatalogQuery Deployment(string id, string metric, string description) =>
        new(id, $"max by (namespace, deployment) ({metric}{{$namespace}})", [metric], QueryTarget.Deployment, MetricKind.Gauge, QueryOrigin.BuiltIn)
        {
            Aggregation = SeriesAggregation.Max, Description = description,
        };
}
