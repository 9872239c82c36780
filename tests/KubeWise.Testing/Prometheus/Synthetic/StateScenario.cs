namespace KubeWise.Testing.Prometheus.Synthetic;

/// <summary>
/// The scenario of the detection evaluation protocol (issue 23): 6 h of normal history, then two hours in which nine
/// incidents begin, each lasting 50–150 min, then 50 more minutes. Everything varies with the seed: which deployments,
/// when, how long, how strong, which extra incident kinds, which API-server histograms exist.
/// <list type="bullet">
/// <item>every kind once, and two more of a kind drawn by the seed (mostly the state kinds);</item>
/// <item>CPU saturation: all pods pinned at the limit after hours at 25–40 % of it;</item>
/// <item>memory leak: 0.3–3 % of the limit per 10 min; the incident starts when the working set reaches 85 % or more
///   (the growth began earlier: <see cref="GroundTruthIncident.StateSince"/>), so scans at +6…+45 min see 85–99 %;</item>
/// <item>OOM kills every 8–20 min, the first 1–4 min after the start; crash loop; replicas unavailable; node memory pressure;</item>
/// <item>API-server latency ×6–60 on the read-only, the mutating or all verbs, reached in 0–10 min; on about 40 % of the
///   seeds the cluster exposes only the SLI histogram, otherwise both.</item>
/// </list>
/// Negatives: two deployments with CPU and two with memory within 90–97 % of the limit for the whole history, an always-busy
/// deployment, two rollouts, an HPA scale-out, two CronJob bursts and a new node, all inside the incident period;
/// nine more deployments just live their day. cAdvisor throttling and the full kube-state-metrics series are exposed.
/// </summary>
public static class StateScenario
{
    /// <summary>Normal history before the first incident can start: the default training look-back.</summary>
    public static readonly TimeSpan Warmup = TimeSpan.FromHours(6);

    /// <summary>Incidents start within this period after the warm-up.</summary>
    public static readonly TimeSpan OnsetPeriod = TimeSpan.FromHours(2);

    /// <summary>History after the last possible onset: long enough for a scan 45 minutes into every incident.</summary>
    public static readonly TimeSpan Tail = TimeSpan.FromMinutes(50);

    public static readonly TimeSpan MinimumDuration = TimeSpan.FromMinutes(50);

    private static readonly IncidentKind[] ExtraKinds =
    [
        IncidentKind.CpuSaturation, IncidentKind.MemoryLeak, IncidentKind.CpuSaturation, IncidentKind.MemoryLeak,
        IncidentKind.OomKill, IncidentKind.CrashLoop, IncidentKind.ReplicasUnavailable,
    ];

    /// <summary>The first moment of the history: a seeded hour of a seeded day of June 2025, so the diurnal wave is met at every phase.</summary>
    public static DateTimeOffset StartOf(int seed)
    {
        var draw = new Draw(seed);
        return new DateTimeOffset(2025, 6, 2, 0, 0, 0, TimeSpan.Zero).AddDays(draw.Int("day", 0, 20)).AddHours(draw.Int("hour", 0, 24));
    }

    public static SyntheticClusterBuilder Builder(int seed)
    {
        var draw = new Draw(seed);
        var start = StartOf(seed);
        var onsets = start + Warmup;
        var end = onsets + OnsetPeriod + Tail;
        const int namespaces = 4;
        const int perNamespace = 6;
        var deployments = new List<EntityRef>();
        for (var n = 0; n < namespaces; n++)
        {
            for (var i = 0; i < perNamespace; i++)
            {
                deployments.Add(EntityRef.Deployment(SyntheticClusterBuilder.NamespaceName(n), SyntheticClusterBuilder.DeploymentName(i)));
            }
        }

        // A seeded shuffle: every role goes to a different deployment.
        var pool = deployments.OrderBy(d => draw.Unit("order/" + d)).ToList();
        var next = 0;
        EntityRef Take() => pool[next++];

        var builder = new SyntheticClusterBuilder(seed)
            .WithShape(namespaces, perNamespace, replicas: 2, nodes: 4)
            .Between(start, end, TimeSpan.FromSeconds(15))
            .WithApiServer(draw.Unit("sli-only") < 0.4 ? ApiServerHistograms.SliOnly : ApiServerHistograms.Both)
            .WithFullExporters();

        DateTimeOffset Onset(string key) => onsets.AddSeconds(Math.Floor(draw.Unit("onset/" + key) * OnsetPeriod.TotalSeconds / 15) * 15);
        TimeSpan Duration(string key, double maxMinutes) => TimeSpan.FromMinutes(MinimumDuration.TotalMinutes + Math.Round(draw.Unit("duration/" + key) * (maxMinutes - MinimumDuration.TotalMinutes)));

        var kinds = new List<IncidentKind>
        {
            IncidentKind.CpuSaturation, IncidentKind.MemoryLeak, IncidentKind.CrashLoop, IncidentKind.OomKill, IncidentKind.ReplicasUnavailable,
            ExtraKinds[draw.Int("extra/1", 0, ExtraKinds.Length)], ExtraKinds[draw.Int("extra/2", 0, ExtraKinds.Length)],
        };
        for (var i = 0; i < kinds.Count; i++)
        {
            var key = $"incident/{i}";
            var kind = kinds[i];
            var shape = kind switch
            {
                IncidentKind.MemoryLeak => LeakShape(draw, key),
                IncidentKind.OomKill => new IncidentShape
                {
                    OomFirstAfter = TimeSpan.FromSeconds(60 + Math.Round(draw.Unit(key + "/first") * 180)),
                    OomEvery = TimeSpan.FromMinutes(8 + Math.Round(draw.Unit(key + "/every") * 12)),
                },
                _ => null,
            };
            builder.WithIncident(kind, Take(), Onset(key), Duration(key, 150), shape);
        }

        builder.WithIncident(IncidentKind.NodeMemoryPressure, EntityRef.Node($"node-{draw.Int("pressure-node", 0, 4):D3}"), Onset("node"), Duration("node", 120));
        var verbGroups = new[] { ApiServerVerbs.ReadOnly, ApiServerVerbs.Mutating, ApiServerVerbs.Slowable };
        builder.WithIncident(IncidentKind.ApiServerLatency, EntityRef.ApiServer, Onset("apiserver"), Duration("apiserver", 120), new IncidentShape
        {
            LatencyFactor = Math.Round(6 * Math.Pow(10, draw.Unit("latency/factor")), 1), // 6–60, log-uniform
            LatencyVerbs = verbGroups[draw.Int("latency/verbs", 0, verbGroups.Length)],
            LatencyRamp = TimeSpan.FromMinutes(Math.Round(draw.Unit("latency/ramp") * 10)),
        });

        for (var i = 0; i < 2; i++)
        {
            var steady = Take();
            // The level varies by about ±1.7 % around it: 0.915–0.95 keeps every sample within 90–97 % of the limit.
            builder.WithSteadyNearLimit(steady.Namespace, steady.Name, 0.915 + (0.035 * draw.Unit($"steady-cpu/{i}")), null);
        }

        for (var i = 0; i < 2; i++)
        {
            var steady = Take();
            builder.WithSteadyNearLimit(steady.Namespace, steady.Name, null, 0.915 + (0.04 * draw.Unit($"steady-memory/{i}")));
        }

        var busy = Take();
        builder.WithAlwaysBusy(busy.Namespace, busy.Name);
        for (var i = 0; i < 2; i++)
        {
            var rollout = Take();
            builder.WithRollingUpdate(rollout.Namespace, rollout.Name, Onset($"rollout/{i}"));
        }

        var scaled = Take();
        builder.WithHpaScaleOut(scaled.Namespace, scaled.Name, Onset("hpa").AddMinutes(10), extraReplicas: 1 + draw.Int("hpa/extra", 0, 3));
        for (var i = 0; i < 2; i++)
        {
            var ns = SyntheticClusterBuilder.NamespaceName(draw.Int($"cron/{i}/ns", 0, namespaces));
            builder.WithCronJobBurst(ns, i == 0 ? "reindex" : "report", Onset($"cron/{i}"), TimeSpan.FromMinutes(3 + draw.Int($"cron/{i}/minutes", 0, 10)));
        }

        return builder.WithNewNode(Onset("new-node"));
    }

    public static SyntheticCluster Build(int seed) => Builder(seed).Build();

    private static IncidentShape LeakShape(Draw draw, string key)
    {
        var rate = 0.003 * Math.Pow(10, draw.Unit(key + "/rate")); // 0.3–3 % of the limit per 10 min, log-uniform
        // At +45 min the leak must still be at most 99 %: 4.5 ten-minute steps after its level at the start.
        var highest = Math.Max(0.85, 0.99 - (4.5 * rate));
        return new IncidentShape { LeakPerTenMinutes = rate, LeakLevelAtStart = 0.85 + (draw.Unit(key + "/level") * (highest - 0.85)) };
    }

    /// <summary>Seeded draws by name, so adding a draw does not move the others.</summary>
    private sealed class Draw(int seed)
    {
        public double Unit(string key) => Signals.Unit(Signals.Hash("state-scenario/" + key, (ulong)seed), 0);

        public int Int(string key, int from, int toExclusive) => from + (int)(Unit(key) * (toExclusive - from));
    }
}
