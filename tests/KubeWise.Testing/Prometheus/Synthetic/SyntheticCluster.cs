namespace KubeWise.Testing.Prometheus.Synthetic;

/// <summary>
/// A generated Kubernetes cluster: topology (nodes, deployments, ReplicaSets, pods, jobs), the metric series
/// kube-state-metrics, cAdvisor, node-exporter and the API server would expose, and the <see cref="GroundTruth"/>
/// of what was injected. Build one with <see cref="SyntheticClusterBuilder"/>.
/// </summary>
public sealed partial class SyntheticCluster
{
    private const double OomRestartSeconds = 60;
    private const double CrashBackoffSeconds = 300;

    private readonly List<SyntheticPod> _pods;
    private readonly List<(string Ns, string CronJob, string Job, double From, double To)> _jobs;
    private readonly List<(double From, double To)> _apiServerLatency;
    private readonly List<ApiServerSlowdown> _apiServerSlowdowns;
    private readonly ApiServerHistograms? _apiServer;
    private readonly bool _fullExporters;
    private readonly ulong _seed;

    private SyntheticCluster(Assembly assembly)
    {
        _seed = assembly.Seed;
        Start = assembly.Start;
        End = assembly.End;
        Step = assembly.Step;
        Nodes = assembly.Nodes;
        Deployments = assembly.Deployments;
        _pods = assembly.Pods;
        _jobs = assembly.Jobs;
        _apiServerLatency = assembly.ApiServerLatency;
        _apiServerSlowdowns = assembly.ApiServerSlowdowns;
        _apiServer = assembly.ApiServer;
        _fullExporters = assembly.FullExporters;
        GroundTruth = new GroundTruth(assembly.Incidents, assembly.Events);
    }

    public DateTimeOffset Start { get; }

    public DateTimeOffset End { get; }

    public TimeSpan Step { get; }

    public IReadOnlyList<SyntheticNode> Nodes { get; }

    public IReadOnlyList<SyntheticDeployment> Deployments { get; }

    /// <summary>Every pod that exists at some time of the window or before it (deployment and job pods).</summary>
    public IReadOnlyList<SyntheticPod> Pods => _pods;

    public GroundTruth GroundTruth { get; }

    /// <summary>Number of sample timestamps in [<see cref="Start"/>, <see cref="End"/>].</summary>
    public long StepCount => (long)((End - Start) / Step) + 1;

    public SyntheticDeployment Deployment(string ns, string name) =>
        Deployments.FirstOrDefault(d => d.Namespace == ns && d.Name == name)
        ?? throw new ArgumentException($"No deployment {ns}/{name}; there are: {string.Join(", ", Deployments.Select(d => $"{d.Namespace}/{d.Name}"))}.");

    /// <summary>The time of step <paramref name="index"/> (0 is <see cref="Start"/>).</summary>
    public SeriesTime TimeOf(long index) =>
        new((Start.ToUnixTimeMilliseconds() / 1000.0) + (index * Step.TotalSeconds), index, Step.TotalSeconds);

    /// <summary>The step-aligned time at or before <paramref name="time"/>.</summary>
    public SeriesTime TimeAt(DateTimeOffset time) => TimeOf((long)Math.Floor((time - Start) / Step));

    private static double Seconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;

    private static double Seconds(DateTimeOffset? time) => time is { } t ? Seconds(t) : double.PositiveInfinity;

    /// <summary>All metric families with their series; values are computed on demand, so any window is cheap.</summary>
    public IReadOnlyList<MetricFamily> Families()
    {
        var families = new List<MetricFamily>();
        NodeFamilies(families);
        WorkloadFamilies(families);
        PodFamilies(families);
        if (_fullExporters)
        {
            ThrottlingFamilies(families);
            FullWorkloadFamilies(families);
        }

        if (_apiServer is { } histograms)
        {
            ApiServerFamilies(families, histograms);
        }
        else
        {
            families.Add(ApiServerFamily());
        }

        return families;
    }

    private static double? Flag(bool on) => on ? 1 : 0;

    private static bool Within(double t, (double From, double To) window) => t >= window.From && t < window.To;

    private void NodeFamilies(List<MetricFamily> families)
    {
        var info = new List<SyntheticSeries>();
        var condition = new List<SyntheticSeries>();
        var allocatable = new List<SyntheticSeries>();
        var total = new List<SyntheticSeries>();
        var available = new List<SyntheticSeries>();
        foreach (var node in Nodes)
        {
            var from = Seconds(node.From);
            var load = Signals.LoadShape.For(Signals.Hash(node.Name, _seed), 0.2);
            bool Exists(SeriesTime t) => t.UnixSeconds >= from;
            bool Pressure(SeriesTime t) => node.MemoryPressure.Any(w => Within(t.UnixSeconds, w));

            info.Add(new("kube_node_info", LabelText.Of(("node", node.Name)), t => Exists(t) ? 1 : null));
            foreach (var status in new[] { "true", "false", "unknown" })
            {
                condition.Add(new("kube_node_status_condition", LabelText.Of(("node", node.Name), ("condition", "Ready"), ("status", status)),
                    t => Exists(t) ? Flag(status == "true") : null));
                condition.Add(new("kube_node_status_condition", LabelText.Of(("node", node.Name), ("condition", "MemoryPressure"), ("status", status)),
                    t => Exists(t) ? Flag(status switch { "true" => Pressure(t), "false" => !Pressure(t), _ => false }) : null));
            }

            allocatable.Add(new("kube_node_status_allocatable", LabelText.Of(("node", node.Name), ("resource", "cpu"), ("unit", "core")), t => Exists(t) ? node.Cores : null));
            allocatable.Add(new("kube_node_status_allocatable", LabelText.Of(("node", node.Name), ("resource", "memory"), ("unit", "byte")), t => Exists(t) ? node.MemoryBytes : null));
            total.Add(new("node_memory_MemTotal_bytes", LabelText.Of(("node", node.Name)), t => Exists(t) ? node.MemoryBytes : null));
            available.Add(new("node_memory_MemAvailable_bytes", LabelText.Of(("node", node.Name)), t =>
            {
                if (!Exists(t))
                {
                    return null;
                }

                var share = Pressure(t) ? 0.03 : 0.55 - (0.4 * (load.At(t.UnixSeconds) - 1));
                return Math.Round(node.MemoryBytes * share);
            }));
        }

        families.Add(new("kube_node_info", MetricType.Gauge, "Information about a cluster node.", info));
        families.Add(new("kube_node_status_condition", MetricType.Gauge, "The condition of a cluster node.", condition));
        families.Add(new("kube_node_status_allocatable", MetricType.Gauge, "The allocatable for different resources of a node.", allocatable));
        families.Add(new("node_memory_MemTotal_bytes", MetricType.Gauge, "Memory information field MemTotal_bytes.", total));
        families.Add(new("node_memory_MemAvailable_bytes", MetricType.Gauge, "Memory information field MemAvailable_bytes.", available));
    }

    private void WorkloadFamilies(List<MetricFamily> families)
    {
        var spec = new List<SyntheticSeries>();
        var status = new List<SyntheticSeries>();
        var ready = new List<SyntheticSeries>();
        var unavailable = new List<SyntheticSeries>();
        var generation = new List<SyntheticSeries>();
        var observed = new List<SyntheticSeries>();
        var rsOwner = new List<SyntheticSeries>();
        var hpaDesired = new List<SyntheticSeries>();
        foreach (var d in Deployments)
        {
            var labels = LabelText.Of(("namespace", d.Namespace), ("deployment", d.Name));
            var rollouts = d.Rollouts.Select(Seconds).ToArray();
            var scaleOuts = d.ScaleOuts.Select(s => (At: Seconds(s.At), s.Extra)).ToArray();
            int Replicas(SeriesTime t)
            {
                var replicas = d.InitialReplicas;
                foreach (var (at, extra) in scaleOuts)
                {
                    replicas += at <= t.UnixSeconds ? extra : 0;
                }

                return replicas;
            }

            int Missing(SeriesTime t)
            {
                var missing = 0;
                foreach (var (from, to, count) in d.Unavailable)
                {
                    missing += Within(t.UnixSeconds, (from, to)) ? count : 0;
                }

                return missing;
            }

            spec.Add(new("kube_deployment_spec_replicas", labels, t => Replicas(t)));
            status.Add(new("kube_deployment_status_replicas", labels, t => Replicas(t)));
            ready.Add(new("kube_deployment_status_replicas_available", labels, t => Math.Max(0, Replicas(t) - Missing(t))));
            unavailable.Add(new("kube_deployment_status_replicas_unavailable", labels, t => Math.Min(Replicas(t), Missing(t))));
            var changes = rollouts.Concat(scaleOuts.Select(s => s.At)).ToArray();
            int Generation(double t)
            {
                var generation = 1;
                foreach (var at in changes)
                {
                    generation += at <= t ? 1 : 0;
                }

                return generation;
            }

            generation.Add(new("kube_deployment_metadata_generation", labels, t => Generation(t.UnixSeconds)));
            // The controller observes a new generation a few seconds later.
            observed.Add(new("kube_deployment_status_observed_generation", labels, t => Generation(t.UnixSeconds - 10)));
            foreach (var rs in d.ReplicaSets)
            {
                var from = Seconds(rs.From);
                rsOwner.Add(new("kube_replicaset_owner",
                    LabelText.Of(("namespace", d.Namespace), ("replicaset", rs.Name), ("owner_kind", "Deployment"), ("owner_name", d.Name), ("owner_is_controller", "true")),
                    t => t.UnixSeconds >= from ? 1 : null));
            }

            if (d.HasHpa)
            {
                hpaDesired.Add(new("kube_horizontalpodautoscaler_status_desired_replicas",
                    LabelText.Of(("namespace", d.Namespace), ("horizontalpodautoscaler", d.Name)), t => Replicas(t)));
            }
        }

        var jobOwner = _jobs.Select(j => new SyntheticSeries("kube_job_owner",
            LabelText.Of(("namespace", j.Ns), ("job_name", j.Job), ("owner_kind", "CronJob"), ("owner_name", j.CronJob), ("owner_is_controller", "true")),
            t => t.UnixSeconds >= j.From ? 1 : null)).ToList();

        families.Add(new("kube_deployment_spec_replicas", MetricType.Gauge, "Number of desired pods for a deployment.", spec));
        families.Add(new("kube_deployment_status_replicas", MetricType.Gauge, "The number of replicas per deployment.", status));
        families.Add(new("kube_deployment_status_replicas_available", MetricType.Gauge, "The number of available replicas per deployment.", ready));
        families.Add(new("kube_deployment_status_replicas_unavailable", MetricType.Gauge, "The number of unavailable replicas per deployment.", unavailable));
        families.Add(new("kube_deployment_metadata_generation", MetricType.Gauge, "Sequence number representing a specific generation of the desired state.", generation));
        families.Add(new("kube_deployment_status_observed_generation", MetricType.Gauge, "The generation observed by the deployment controller.", observed));
        families.Add(new("kube_replicaset_owner", MetricType.Gauge, "Information about the ReplicaSet's owner.", rsOwner));
        families.Add(new("kube_horizontalpodautoscaler_status_desired_replicas", MetricType.Gauge, "Desired number of replicas of pods managed by this autoscaler.", hpaDesired));
        families.Add(new("kube_job_owner", MetricType.Gauge, "Information about the Job's owner.", jobOwner));
    }

    private void PodFamilies(List<MetricFamily> families)
    {
        var info = new List<SyntheticSeries>(_pods.Count);
        var owner = new List<SyntheticSeries>(_pods.Count);
        var requests = new List<SyntheticSeries>(_pods.Count * 2);
        var limits = new List<SyntheticSeries>(_pods.Count * 2);
        var restarts = new List<SyntheticSeries>(_pods.Count);
        var waiting = new List<SyntheticSeries>(_pods.Count);
        var terminated = new List<SyntheticSeries>();
        var cpu = new List<SyntheticSeries>(_pods.Count);
        var memory = new List<SyntheticSeries>(_pods.Count);
        foreach (var pod in _pods)
        {
            var from = Seconds(pod.From);
            var to = Seconds(pod.To);
            bool Exists(SeriesTime t) => t.UnixSeconds >= from && t.UnixSeconds < to;
            double? IfExists(SeriesTime t, double value) => Exists(t) ? value : null;

            var ns = ("namespace", pod.Namespace);
            var name = ("pod", pod.Name);
            var uid = ("uid", pod.Uid);
            var container = ("container", pod.Container);
            var node = ("node", pod.Node);
            var createdByKind = pod.OwnerKind;
            info.Add(new("kube_pod_info", LabelText.Of(ns, name, uid, node, ("created_by_kind", createdByKind), ("created_by_name", pod.OwnerName)), t => IfExists(t, 1)));
            owner.Add(new("kube_pod_owner", LabelText.Of(ns, name, uid, ("owner_kind", pod.OwnerKind), ("owner_name", pod.OwnerName), ("owner_is_controller", "true")), t => IfExists(t, 1)));
            requests.Add(new("kube_pod_container_resource_requests", LabelText.Of(ns, name, uid, container, node, ("resource", "cpu"), ("unit", "core")), t => IfExists(t, pod.CpuRequestCores)));
            requests.Add(new("kube_pod_container_resource_requests", LabelText.Of(ns, name, uid, container, node, ("resource", "memory"), ("unit", "byte")), t => IfExists(t, pod.MemoryRequestBytes)));
            limits.Add(new("kube_pod_container_resource_limits", LabelText.Of(ns, name, uid, container, node, ("resource", "cpu"), ("unit", "core")), t => IfExists(t, pod.CpuLimitCores)));
            limits.Add(new("kube_pod_container_resource_limits", LabelText.Of(ns, name, uid, container, node, ("resource", "memory"), ("unit", "byte")), t => IfExists(t, pod.MemoryLimitBytes)));
            restarts.Add(new("kube_pod_container_status_restarts_total", LabelText.Of(ns, name, uid, container), t => IfExists(t, Restarts(pod, t.UnixSeconds))));
            waiting.Add(new("kube_pod_container_status_waiting_reason", LabelText.Of(ns, name, uid, container, ("reason", "CrashLoopBackOff")),
                t => IfExists(t, InCrashLoop(pod, t.UnixSeconds) ? 1 : 0)));
            if (pod.OomKills.Count > 0 || pod.CrashLoops.Count > 0)
            {
                foreach (var reason in new[] { "OOMKilled", "Error" })
                {
                    // kube-state-metrics exposes only the reason of the last termination, as 1.
                    terminated.Add(new("kube_pod_container_status_last_terminated_reason", LabelText.Of(ns, name, uid, container, ("reason", reason)),
                        t => Exists(t) && LastTerminationReason(pod, t.UnixSeconds) == reason ? 1 : null));
                }
            }

            cpu.Add(new("container_cpu_usage_seconds_total", LabelText.Of(ns, name, container, node), t => IfExists(t, pod.Cpu.ValueAt(t.UnixSeconds, t.StepIndex, t.StepSeconds))));
            memory.Add(new("container_memory_working_set_bytes", LabelText.Of(ns, name, container, node), t => IfExists(t, Math.Round(WorkingSet(pod, t)))));
        }

        families.Add(new("kube_pod_info", MetricType.Gauge, "Information about pod.", info));
        families.Add(new("kube_pod_owner", MetricType.Gauge, "Information about the Pod's owner.", owner));
        families.Add(new("kube_pod_container_resource_requests", MetricType.Gauge, "The number of requested request resource by a container.", requests));
        families.Add(new("kube_pod_container_resource_limits", MetricType.Gauge, "The number of requested limit resource by a container.", limits));
        families.Add(new("kube_pod_container_status_restarts", MetricType.Counter, "The number of container restarts per container.", restarts));
        families.Add(new("kube_pod_container_status_waiting_reason", MetricType.Gauge, "Describes the reason the container is currently in waiting state.", waiting));
        families.Add(new("kube_pod_container_status_last_terminated_reason", MetricType.Gauge, "Describes the last reason the container was in terminated state.", terminated));
        families.Add(new("container_cpu_usage_seconds", MetricType.Counter, "Cumulative cpu time consumed in seconds.", cpu));
        families.Add(new("container_memory_working_set_bytes", MetricType.Gauge, "Current working set in bytes.", memory));
    }

    private static bool InCrashLoop(SyntheticPod pod, double t)
    {
        foreach (var window in pod.CrashLoops)
        {
            if (Within(t, window))
            {
                return true;
            }
        }

        return false;
    }

    internal static double Restarts(SyntheticPod pod, double t)
    {
        var count = 0;
        foreach (var (_, kill) in pod.OomKills)
        {
            count += t >= kill ? 1 : 0;
        }

        foreach (var (from, to) in pod.CrashLoops)
        {
            if (t >= from)
            {
                count += (int)Math.Floor((Math.Min(t, to) - from) / CrashBackoffSeconds) + 1;
            }
        }

        return count;
    }

    internal static string? LastTerminationReason(SyntheticPod pod, double t)
    {
        string? reason = null;
        var last = double.NegativeInfinity;
        foreach (var (_, kill) in pod.OomKills.Where(o => o.Kill <= t && o.Kill > last))
        {
            (reason, last) = ("OOMKilled", kill);
        }

        foreach (var (from, to) in pod.CrashLoops.Where(c => c.From <= t))
        {
            var lastCrash = from + (Math.Floor((Math.Min(t, to) - from) / CrashBackoffSeconds) * CrashBackoffSeconds);
            if (lastCrash > last)
            {
                (reason, last) = ("Error", lastCrash);
            }
        }

        return reason;
    }

    internal static double WorkingSet(SyntheticPod pod, SeriesTime time)
    {
        var t = time.UnixSeconds;
        var value = pod.BaseMemory * (1 + (pod.MemoryWobble * (pod.Load.At(t) - 1)) + (pod.MemoryNoise * Signals.Symmetric(pod.Key ^ 0x5EED, time.StepIndex)));
        foreach (var (from, to) in pod.Leaks)
        {
            if (t >= from && t < to)
            {
                value += ((0.97 * pod.MemoryLimitBytes) - value) * ((t - from) / (to - from));
            }
        }

        foreach (var (start, to, level, perSecond) in pod.LinearLeaks)
        {
            if (t < to)
            {
                // The leak's line, with a little noise; before it rises above the usual working set, the usual one shows.
                var leak = Math.Min(0.99, level + (perSecond * (t - start))) * pod.MemoryLimitBytes;
                value = Math.Max(value, leak * (1 + (0.003 * Signals.Symmetric(pod.Key ^ 0x1EAC, time.StepIndex))));
            }
        }

        foreach (var (from, kill) in pod.OomKills)
        {
            if (t >= from && t < kill)
            {
                value += (pod.MemoryLimitBytes - value) * ((t - from) / (kill - from));
            }
            else if (t >= kill && t < kill + OomRestartSeconds)
            {
                value = 0.35 * pod.BaseMemory;
            }
        }

        foreach (var window in pod.CrashLoops)
        {
            if (Within(t, window))
            {
                value = pod.BaseMemory * (0.15 + (0.2 * Signals.Unit(pod.Key ^ 0xC2A5, time.StepIndex)));
            }
        }

        return Math.Min(value, pod.MemoryLimitBytes);
    }

    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, double.PositiveInfinity];

    private MetricFamily ApiServerFamily()
    {
        var series = new List<SyntheticSeries>();
        var origin = Seconds(Start) - 86_400;
        foreach (var (verb, rate, median) in new[] { ("GET", 40.0, 0.015), ("LIST", 4.0, 0.09), ("PATCH", 3.0, 0.03) })
        {
            const double sigma = 0.7;
            var slowMedian = median * 80;
            var load = Signals.LoadShape.For(Signals.Hash("apiserver/" + verb, _seed), 0.3);
            (double Normal, double Slow) Requests(double t)
            {
                var all = rate * (load.Integral(t) - load.Integral(origin));
                var slow = 0.0;
                foreach (var (from, to) in _apiServerLatency)
                {
                    if (t > from)
                    {
                        slow += rate * (load.Integral(Math.Min(t, to)) - load.Integral(from));
                    }
                }

                return (all - slow, slow);
            }

            foreach (var le in Buckets)
            {
                var leText = double.IsPositiveInfinity(le) ? "+Inf" : le.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var normalShare = Signals.LogNormalCdf(le, median, sigma);
                var slowShare = Signals.LogNormalCdf(le, slowMedian, sigma);
                series.Add(new("apiserver_request_duration_seconds_bucket", LabelText.Of(("verb", verb), ("le", leText)), t =>
                {
                    var (normal, slow) = Requests(t.UnixSeconds);
                    return Math.Floor((normal * normalShare) + (slow * slowShare));
                }));
            }

            series.Add(new("apiserver_request_duration_seconds_sum", LabelText.Of(("verb", verb)), t =>
            {
                var (normal, slow) = Requests(t.UnixSeconds);
                return (normal * Signals.LogNormalMean(median, sigma)) + (slow * Signals.LogNormalMean(slowMedian, sigma));
            }));
            series.Add(new("apiserver_request_duration_seconds_count", LabelText.Of(("verb", verb)), t =>
            {
                var (normal, slow) = Requests(t.UnixSeconds);
                return Math.Floor(normal + slow);
            }));
        }

        return new("apiserver_request_duration_seconds", MetricType.Histogram, "Response latency distribution in seconds for each verb.", series);
    }
}
