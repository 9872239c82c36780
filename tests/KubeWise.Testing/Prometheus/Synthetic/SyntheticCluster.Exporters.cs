using System.Globalization;

namespace KubeWise.Testing.Prometheus.Synthetic;

/// <summary>A stretch during which a share of some verbs' API requests are served <see cref="Factor"/> times slower.</summary>
internal sealed record ApiServerSlowdown(double From, double To, double Share, double Factor, IReadOnlyList<string> Verbs);

/// <summary>The verbs of the per-verb API server.</summary>
public static class ApiServerVerbs
{
    /// <summary>The verbs a latency incident can slow (WATCH is long-running: the SLI histogram leaves it out).</summary>
    public static IReadOnlyList<string> Slowable { get; } = ["GET", "LIST", "PATCH", "CREATE"];

    public static IReadOnlyList<string> ReadOnly { get; } = ["GET", "LIST"];

    public static IReadOnlyList<string> Mutating { get; } = ["PATCH", "CREATE"];
}

public sealed partial class SyntheticCluster
{
    // kube-apiserver's bucket layouts (1.27+): the plain histogram reaches 60 s for long requests, the SLI one starts at 50 ms.
    private static readonly double[] DurationBuckets = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60, double.PositiveInfinity];
    private static readonly double[] SliBuckets = [0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60, double.PositiveInfinity];

    // verb, resource, API group, scope, requests per second, median latency (SLI: without webhooks), admission-webhook factor.
    private static readonly (string Verb, string Resource, string Group, string Scope, double Rate, double Median, double Webhook)[] ApiCalls =
    [
        ("GET", "pods", string.Empty, "namespace", 30, 0.012, 1),
        ("GET", "configmaps", string.Empty, "namespace", 10, 0.010, 1),
        ("LIST", "pods", string.Empty, "namespace", 3, 0.08, 1),
        ("LIST", "nodes", string.Empty, "cluster", 0.5, 0.05, 1),
        ("PATCH", "deployments", "apps", "namespace", 2, 0.025, 1.6),
        ("CREATE", "pods", string.Empty, "namespace", 1, 0.03, 1.8),
    ];

    /// <summary>Share of CFS periods throttled at a CPU use of <paramref name="ratio"/> × the limit: none well below it, most at it.</summary>
    private static double ThrottledShare(double ratio)
    {
        var x = Math.Clamp((ratio - 0.6) / 0.4, 0, 1);
        return 0.9 * x * x * x;
    }

    private void ThrottlingFamilies(List<MetricFamily> families)
    {
        const double periodsPerSecond = 10; // the default CFS period is 100 ms
        var periods = new List<SyntheticSeries>(_pods.Count);
        var throttled = new List<SyntheticSeries>(_pods.Count);
        foreach (var pod in _pods)
        {
            var from = Seconds(pod.From);
            var to = Seconds(pod.To);
            bool Exists(SeriesTime t) => t.UnixSeconds >= from && t.UnixSeconds < to;
            var labels = LabelText.Of(("namespace", pod.Namespace), ("pod", pod.Name), ("container", pod.Container), ("node", pod.Node));
            periods.Add(new("container_cpu_cfs_periods_total", labels, t => Exists(t) ? Math.Floor(periodsPerSecond * (t.UnixSeconds - from)) : null));

            // The throttled share is not linear in the rate, so the counter is summed step by step once, then read by index.
            double[]? cumulative = null;
            double[] Sum()
            {
                var sums = new double[StepCount];
                var step = Step.TotalSeconds;
                var total = 0.0;
                for (var i = 0; i < sums.Length; i++)
                {
                    sums[i] = total;
                    var t = TimeOf(i).UnixSeconds;
                    total += t >= from ? periodsPerSecond * ThrottledShare(pod.Cpu.RateAt(t) / pod.CpuLimitCores) * step : 0;
                }

                return sums;
            }

            throttled.Add(new("container_cpu_cfs_throttled_periods_total", labels, t =>
            {
                if (!Exists(t))
                {
                    return null;
                }

                cumulative ??= Sum();
                return Math.Floor(cumulative[Math.Clamp(t.StepIndex, 0, cumulative.Length - 1)]);
            }));
        }

        families.Add(new("container_cpu_cfs_periods", MetricType.Counter, "Number of elapsed enforcement period intervals.", periods));
        families.Add(new("container_cpu_cfs_throttled_periods", MetricType.Counter, "Number of throttled period intervals.", throttled));
    }

    private void FullWorkloadFamilies(List<MetricFamily> families)
    {
        var ready = new List<SyntheticSeries>();
        var minReplicas = new List<SyntheticSeries>();
        var maxReplicas = new List<SyntheticSeries>();
        var current = new List<SyntheticSeries>();
        foreach (var d in Deployments)
        {
            int Missing(SeriesTime t) => d.Unavailable.Where(u => Within(t.UnixSeconds, (u.From, u.To))).Sum(u => u.Unavailable);
            ready.Add(new("kube_deployment_status_replicas_ready", LabelText.Of(("namespace", d.Namespace), ("deployment", d.Name)),
                t => Math.Max(0, d.ReplicasAt(t.Timestamp) - Missing(t))));
            if (d.HasHpa)
            {
                var labels = LabelText.Of(("namespace", d.Namespace), ("horizontalpodautoscaler", d.Name));
                var max = d.InitialReplicas + d.ScaleOuts.Sum(s => s.Extra) + 2;
                minReplicas.Add(new("kube_horizontalpodautoscaler_spec_min_replicas", labels, _ => d.InitialReplicas));
                maxReplicas.Add(new("kube_horizontalpodautoscaler_spec_max_replicas", labels, _ => max));
                current.Add(new("kube_horizontalpodautoscaler_status_current_replicas", labels, t => d.ReplicasAt(t.Timestamp)));
            }
        }

        families.Add(new("kube_deployment_status_replicas_ready", MetricType.Gauge, "The number of ready replicas per deployment.", ready));
        families.Add(new("kube_horizontalpodautoscaler_spec_min_replicas", MetricType.Gauge, "Lower limit for the number of pods that can be set by the autoscaler.", minReplicas));
        families.Add(new("kube_horizontalpodautoscaler_spec_max_replicas", MetricType.Gauge, "Upper limit for the number of pods that can be set by the autoscaler.", maxReplicas));
        families.Add(new("kube_horizontalpodautoscaler_status_current_replicas", MetricType.Gauge, "Current number of replicas of pods managed by this autoscaler.", current));
    }

    private void ApiServerFamilies(List<MetricFamily> families, ApiServerHistograms histograms)
    {
        var origin = Seconds(Start) - 86_400;
        const double sigma = 0.7;
        var plain = new List<SyntheticSeries>();
        var sli = new List<SyntheticSeries>();
        foreach (var (verb, resource, group, scope, rate, median, webhook) in ApiCalls)
        {
            var load = Signals.LoadShape.For(Signals.Hash($"apiserver/{verb}/{resource}", _seed), 0.3);
            var slowdowns = _apiServerSlowdowns.Where(s => s.Verbs.Contains(verb)).ToArray();

            // Requests since the origin: all of them, and those served slow by each slowdown.
            (double All, double[] Slow) Requests(double t)
            {
                var all = rate * (load.Integral(t) - load.Integral(origin));
                var slow = new double[slowdowns.Length];
                for (var i = 0; i < slowdowns.Length; i++)
                {
                    var s = slowdowns[i];
                    slow[i] = t > s.From ? s.Share * rate * (load.Integral(Math.Min(t, s.To)) - load.Integral(s.From)) : 0;
                }

                return (all, slow);
            }

            void Add(List<SyntheticSeries> target, string name, double[] buckets, double factor, string extraLabels)
            {
                var medianHere = median * factor;
                var labels = $"component=\"apiserver\",{extraLabels}group=\"{group}\",resource=\"{resource}\",scope=\"{scope}\",subresource=\"\",verb=\"{verb}\",version=\"v1\"";
                foreach (var le in buckets)
                {
                    var leText = double.IsPositiveInfinity(le) ? "+Inf" : le.ToString(CultureInfo.InvariantCulture);
                    var normalShare = Signals.LogNormalCdf(le, medianHere, sigma);
                    var slowShares = slowdowns.Select(s => Signals.LogNormalCdf(le, medianHere * s.Factor, sigma)).ToArray();
                    target.Add(new(name + "_bucket", $"{{{labels},le=\"{leText}\"}}", t =>
                    {
                        var (all, slow) = Requests(t.UnixSeconds);
                        var value = (all - slow.Sum()) * normalShare;
                        for (var i = 0; i < slow.Length; i++)
                        {
                            value += slow[i] * slowShares[i];
                        }

                        return Math.Floor(value);
                    }));
                }

                var normalMean = Signals.LogNormalMean(medianHere, sigma);
                var slowMeans = slowdowns.Select(s => Signals.LogNormalMean(medianHere * s.Factor, sigma)).ToArray();
                target.Add(new(name + "_sum", $"{{{labels}}}", t =>
                {
                    var (all, slow) = Requests(t.UnixSeconds);
                    var value = (all - slow.Sum()) * normalMean;
                    for (var i = 0; i < slow.Length; i++)
                    {
                        value += slow[i] * slowMeans[i];
                    }

                    return value;
                }));
                target.Add(new(name + "_count", $"{{{labels}}}", t => Math.Floor(Requests(t.UnixSeconds).All)));
            }

            if (histograms != ApiServerHistograms.SliOnly)
            {
                // Admission webhooks count in the plain histogram only.
                Add(plain, "apiserver_request_duration_seconds", DurationBuckets, webhook, "dry_run=\"\",");
            }

            if (histograms != ApiServerHistograms.DurationOnly)
            {
                Add(sli, "apiserver_request_sli_duration_seconds", SliBuckets, 1, string.Empty);
            }
        }

        if (histograms != ApiServerHistograms.SliOnly)
        {
            // WATCH requests stay open for minutes: the plain histogram counts them (in its last buckets), the SLI one does not.
            var watchLoad = Signals.LoadShape.For(Signals.Hash("apiserver/WATCH", _seed), 0.1);
            var labels = "component=\"apiserver\",dry_run=\"\",group=\"\",resource=\"pods\",scope=\"namespace\",subresource=\"\",verb=\"WATCH\",version=\"v1\"";
            double Watches(double t) => 0.5 * (watchLoad.Integral(t) - watchLoad.Integral(origin));
            foreach (var le in DurationBuckets)
            {
                var leText = double.IsPositiveInfinity(le) ? "+Inf" : le.ToString(CultureInfo.InvariantCulture);
                var share = Signals.LogNormalCdf(le, 300, 0.5);
                plain.Add(new("apiserver_request_duration_seconds_bucket", $"{{{labels},le=\"{leText}\"}}", t => Math.Floor(Watches(t.UnixSeconds) * share)));
            }

            plain.Add(new("apiserver_request_duration_seconds_sum", $"{{{labels}}}", t => Watches(t.UnixSeconds) * Signals.LogNormalMean(300, 0.5)));
            plain.Add(new("apiserver_request_duration_seconds_count", $"{{{labels}}}", t => Math.Floor(Watches(t.UnixSeconds))));
            families.Add(new("apiserver_request_duration_seconds", MetricType.Histogram,
                "Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.", plain));
        }

        if (histograms != ApiServerHistograms.DurationOnly)
        {
            families.Add(new("apiserver_request_sli_duration_seconds", MetricType.Histogram,
                "Response latency distribution (not counting webhook duration and priority & fairness queue wait times) in seconds for each verb, group, version, resource, subresource, scope and component.", sli));
        }
    }
}
