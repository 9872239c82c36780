namespace KubeWise.Testing.Prometheus.Synthetic;

public sealed partial class SyntheticCluster
{
    /// <summary>Mutable state while <see cref="SyntheticClusterBuilder.Build"/> runs.</summary>
    internal sealed class Assembly(ulong seed, DateTimeOffset start, DateTimeOffset end, TimeSpan step)
    {
        private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";
        private const long MiB = 1024 * 1024;

        public ulong Seed { get; } = seed;

        public DateTimeOffset Start { get; } = start;

        public DateTimeOffset End { get; } = end;

        public TimeSpan Step { get; } = step;

        public List<SyntheticNode> Nodes { get; } = [];

        public List<SyntheticDeployment> Deployments { get; } = [];

        public List<SyntheticPod> Pods { get; } = [];

        public List<(string Ns, string CronJob, string Job, double From, double To)> Jobs { get; } = [];

        public List<(double From, double To)> ApiServerLatency { get; } = [];

        /// <summary>Latency incidents for the per-verb API server: a share of the verbs' requests served <c>Factor</c> times slower.</summary>
        public List<ApiServerSlowdown> ApiServerSlowdowns { get; } = [];

        public ApiServerHistograms? ApiServer { get; init; }

        public bool FullExporters { get; init; }

        public List<GroundTruthIncident> Incidents { get; } = [];

        public List<GroundTruthEvent> Events { get; } = [];

        private readonly List<(string Ns, string CronJob, DateTimeOffset At, TimeSpan Duration, int Pods)> _cronBursts = [];

        private double Unit(string key, long index) => Signals.Unit(Signals.Hash(key, Seed), index);

        private string Name(string key, int length)
        {
            var hash = Signals.Hash(key, Seed);
            var chars = new char[length];
            for (var i = 0; i < length; i++)
            {
                chars[i] = NameAlphabet[(int)(hash % (ulong)NameAlphabet.Length)];
                hash /= (ulong)NameAlphabet.Length;
            }

            return new string(chars);
        }

        private string Uid(string key)
        {
            var a = Signals.Hash(key, Seed);
            var b = Signals.Mix(a);
            return new Guid((int)a, (short)(a >> 32), (short)(a >> 48), BitConverter.GetBytes(b)).ToString();
        }

        public void CreateNodes(int count)
        {
            for (var i = 0; i < count; i++)
            {
                AddNode($"node-{i:D3}", Start.AddDays(-30));
            }
        }

        private SyntheticNode AddNode(string name, DateTimeOffset from)
        {
            var cores = 4 * (1 + (int)(Unit(name, 1) * 4));
            var node = new SyntheticNode(name, from, cores, cores * 4L * 1024 * MiB);
            Nodes.Add(node);
            return node;
        }

        public void CreateDeployments(int namespaces, int perNamespace, int replicas, ISet<(string, string)> busy, IReadOnlyDictionary<(string, string), (double? Cpu, double? Memory)> steady)
        {
            for (var n = 0; n < namespaces; n++)
            {
                var ns = SyntheticClusterBuilder.NamespaceName(n);
                for (var i = 0; i < perNamespace; i++)
                {
                    var name = SyntheticClusterBuilder.DeploymentName(i);
                    var key = $"{ns}/{name}";
                    var d = new SyntheticDeployment(ns, name, replicas)
                    {
                        BaseCpuCores = Math.Round(0.05 + (Unit(key, 1) * 0.45), 3),
                        BaseMemoryBytes = (64 + (long)(Unit(key, 2) * 700)) * MiB,
                    };
                    d.CpuLimitCores = Math.Round(d.BaseCpuCores * (2.5 + (Unit(key, 3) * 1.5)), 1) + 0.1;
                    d.CpuRequestCores = Math.Round(d.BaseCpuCores * 1.2, 3);
                    d.MemoryLimitBytes = (long)(d.BaseMemoryBytes * (2 + Unit(key, 4))) / MiB * MiB;
                    d.MemoryRequestBytes = (long)(d.BaseMemoryBytes * 1.1) / MiB * MiB;
                    if (busy.Contains((ns, name)))
                    {
                        d.AlwaysBusy = true;
                        d.BaseCpuCores = Math.Round(d.CpuLimitCores * 0.88, 3);
                        Events.Add(new(BenignEventKind.AlwaysBusy, d.Ref, Start, End));
                    }

                    if (steady.TryGetValue((ns, name), out var near))
                    {
                        d.SteadyCpuShare = near.Cpu;
                        d.SteadyMemoryShare = near.Memory;
                        if (near.Cpu is { } cpuShare)
                        {
                            d.BaseCpuCores = Math.Round(d.CpuLimitCores * cpuShare, 4);
                        }

                        if (near.Memory is { } memoryShare)
                        {
                            d.BaseMemoryBytes = (long)(d.MemoryLimitBytes * memoryShare);
                        }

                        Events.Add(new(BenignEventKind.SteadyNearLimit, d.Ref, Start, End));
                    }

                    Deployments.Add(d);
                }
            }

            var unknown = busy.Concat(steady.Keys).Where(b => !Deployments.Any(d => (d.Namespace, d.Name) == b)).ToList();
            if (unknown.Count > 0)
            {
                throw new ArgumentException($"WithAlwaysBusy names unknown deployments: {string.Join(", ", unknown)}.");
            }
        }

        private SyntheticDeployment Find(string ns, string name) =>
            Deployments.FirstOrDefault(d => d.Namespace == ns && d.Name == name)
            ?? throw new ArgumentException($"No deployment {ns}/{name}; there are: {string.Join(", ", Deployments.Select(d => $"{d.Namespace}/{d.Name}"))}.");

        public void RollingUpdate(string ns, string name, DateTimeOffset at)
        {
            var d = Find(ns, name);
            d.Rollouts.Add(at);
        }

        public void ScaleOut(string ns, string name, DateTimeOffset at, int extra)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(extra);
            Find(ns, name).ScaleOuts.Add((at, extra));
        }

        public void CronJobBurst(string ns, string cronJob, DateTimeOffset at, TimeSpan duration, int pods)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pods);
            _cronBursts.Add((ns, cronJob, at, duration, pods));
        }

        public void NewNode(DateTimeOffset at)
        {
            var node = AddNode($"node-{Nodes.Count:D3}", at);
            Events.Add(new(BenignEventKind.NewNode, node.Ref, at, at.AddMinutes(5)));
        }

        private string PlaceOnNode(string podKey, DateTimeOffset from)
        {
            var candidates = Nodes.Where(n => n.From <= from).ToList();
            return candidates[(int)(Signals.Hash(podKey, Seed) % (ulong)candidates.Count)].Name;
        }

        public void CreatePods()
        {
            foreach (var d in Deployments)
            {
                CreateDeploymentPods(d);
            }

            foreach (var (ns, cronJob, at, duration, count) in _cronBursts)
            {
                var job = $"{cronJob}-{at.ToUnixTimeSeconds() / 60}";
                Jobs.Add((ns, cronJob, job, Seconds(at), Seconds(at + duration)));
                for (var i = 0; i < count; i++)
                {
                    var podName = $"{job}-{Name($"{ns}/{job}/{i}", 5)}";
                    var key = Signals.Hash($"{ns}/{podName}", Seed);
                    var pod = new SyntheticPod(ns, podName, Uid($"{ns}/{podName}"), "Job", job, PlaceOnNode(podName, at), cronJob, at, at + duration)
                    {
                        CpuLimitCores = 1,
                        CpuRequestCores = 0.5,
                        MemoryLimitBytes = 512 * MiB,
                        MemoryRequestBytes = 256 * MiB,
                        BaseMemory = 300 * MiB,
                        Load = Signals.LoadShape.For(key, 0.02),
                        Key = key,
                    };
                    pod.Cpu = new CounterModel(0.9, pod.Load, Seconds(at), key);
                    Pods.Add(pod);
                }

                Events.Add(new(BenignEventKind.CronJobBurst, EntityRef.Job(ns, job), at, at + duration));
            }
        }

        private void CreateDeploymentPods(SyntheticDeployment d)
        {
            var revision = 1;
            var replicaSet = AddReplicaSet(d, revision, Start.AddDays(-3));
            var serial = 0;
            var active = new List<SyntheticPod>();
            for (var i = 0; i < d.InitialReplicas; i++)
            {
                var from = Start.AddHours(-(24 + (Unit($"{d.Namespace}/{d.Name}/{i}", 5) * 48)));
                active.Add(AddPod(d, replicaSet, serial++, from));
            }

            var changes = d.Rollouts.Select(at => (At: at, Extra: 0)).Concat(d.ScaleOuts).OrderBy(c => c.At).ToList();
            foreach (var (at, extra) in changes)
            {
                if (extra > 0)
                {
                    for (var i = 0; i < extra; i++)
                    {
                        active.Add(AddPod(d, replicaSet, serial++, at.AddSeconds(20 + (5 * i))));
                    }

                    var before = active.Count - extra;
                    Events.Add(new(BenignEventKind.HpaScaleOut, d.Ref, at.AddMinutes(-10), at.AddMinutes(30)));
                    ApplyScaleOutLoad(d, at, before, extra);
                    continue;
                }

                replicaSet = AddReplicaSet(d, ++revision, at);
                var replaced = new List<SyntheticPod>();
                for (var i = 0; i < active.Count; i++)
                {
                    replaced.Add(AddPod(d, replicaSet, serial++, at.AddSeconds(30 * i)));
                    active[i].To = at.AddSeconds(30 * (i + 1));
                }

                active = replaced;
                Events.Add(new(BenignEventKind.RollingUpdate, d.Ref, at, at.AddSeconds(30 * (replaced.Count + 1))));
            }
        }

        private void ApplyScaleOutLoad(SyntheticDeployment d, DateTimeOffset at, int before, int extra)
        {
            var t = Seconds(at);
            foreach (var pod in d.PodList)
            {
                pod.Cpu.Override(new RateOverride(t - 600, t - 300, 1.3, false));
                pod.Cpu.Override(new RateOverride(t - 300, t, 1.6, false));
                pod.Cpu.Override(new RateOverride(t, t + 1800, 1.6 * before / (before + extra), false));
            }
        }

        private SyntheticReplicaSet AddReplicaSet(SyntheticDeployment d, int revision, DateTimeOffset from)
        {
            var rs = new SyntheticReplicaSet(d.Namespace, $"{d.Name}-{Name($"{d.Namespace}/{d.Name}/rev{revision}", 10)}", d.Name, revision, from);
            d.ReplicaSetList.Add(rs);
            return rs;
        }

        private SyntheticPod AddPod(SyntheticDeployment d, SyntheticReplicaSet rs, int serial, DateTimeOffset from)
        {
            var name = $"{rs.Name}-{Name($"{rs.Name}/{serial}", 5)}";
            var key = Signals.Hash($"{d.Namespace}/{name}", Seed);
            // A steady workload varies by a few per cent: at 90–97 % of its limit it must stay under the limit.
            var load = d.SteadyCpuShare is not null ? Signals.LoadShape.For(key, 0.005, noise: 0.1) : Signals.LoadShape.For(key, d.AlwaysBusy ? 0.03 : 0.3);
            var steadyMemory = d.SteadyMemoryShare is not null;
            var pod = new SyntheticPod(d.Namespace, name, Uid($"{d.Namespace}/{name}"), "ReplicaSet", rs.Name, PlaceOnNode(name, from), d.Name, from, null)
            {
                Deployment = d,
                CpuLimitCores = d.CpuLimitCores,
                CpuRequestCores = d.CpuRequestCores,
                MemoryLimitBytes = d.MemoryLimitBytes,
                MemoryRequestBytes = d.MemoryRequestBytes,
                BaseMemory = steadyMemory ? d.BaseMemoryBytes : d.BaseMemoryBytes * (0.9 + (0.2 * Signals.Unit(key, 8))),
                MemoryWobble = steadyMemory ? 0.02 : 0.3,
                MemoryNoise = steadyMemory ? 0.004 : 0.02,
                Load = load,
                Key = key,
            };
            var factor = d.AlwaysBusy || d.SteadyCpuShare is not null ? 1 : 0.85 + (0.3 * Signals.Unit(key, 7));
            pod.Cpu = new CounterModel(d.BaseCpuCores * factor, load, Seconds(from), key);
            d.PodList.Add(pod);
            Pods.Add(pod);
            return pod;
        }

        public void Inject(IncidentKind kind, EntityRef target, DateTimeOffset start, TimeSpan duration, IncidentShape? shape)
        {
            var end = start + duration;
            var (s, e) = (Seconds(start), Seconds(end));
            List<SyntheticPod> affected = [];
            DateTimeOffset? since = null;
            var detail = string.Empty;
            switch (kind)
            {
                case IncidentKind.NodeMemoryPressure:
                    var node = Nodes.FirstOrDefault(n => n.Name == target.Name)
                        ?? throw new ArgumentException($"No node {target.Name}; there are: {string.Join(", ", Nodes.Select(n => n.Name))}.");
                    node.MemoryPressure.Add((s, e));
                    break;
                case IncidentKind.ApiServerLatency:
                    ApiServerLatency.Add((s, e));
                    var factor = shape?.LatencyFactor ?? 80;
                    var verbs = shape?.LatencyVerbs ?? ApiServerVerbs.Slowable;
                    var ramp = (shape?.LatencyRamp ?? TimeSpan.Zero).TotalSeconds;
                    for (var i = 0; i < 4; i++)
                    {
                        // Four steps: a quarter, half, three quarters, then all of the verbs' requests are slow.
                        var from = s + (ramp * i / 4);
                        var to = i == 3 ? e : s + (ramp * (i + 1) / 4);
                        if (to > from)
                        {
                            ApiServerSlowdowns.Add(new(from, to, (i + 1) / 4.0, factor, [.. verbs]));
                        }
                    }

                    var histograms = ApiServer switch
                    {
                        ApiServerHistograms.SliOnly => "SLI histogram only",
                        ApiServerHistograms.Both => "SLI and plain histograms",
                        _ => "plain histogram only",
                    };
                    detail = $"latency x{factor:0.#} on {string.Join("/", verbs)}, ramp {ramp / 60:0.#} min, {histograms}";
                    break;
                default:
                    var d = Find(target.Namespace, target.Name);
                    var alive = d.PodsAt(start).ToList();
                    if (alive.Count == 0)
                    {
                        throw new ArgumentException($"{target} has no pod at {start:O}.");
                    }

                    var first = alive[0];
                    switch (kind)
                    {
                        case IncidentKind.CpuSaturation:
                            alive.ForEach(p => p.Cpu.Override(new RateOverride(s, e, 0.99 * p.CpuLimitCores, true)));
                            affected = alive;
                            break;
                        case IncidentKind.MemoryLeak when shape?.LeakPerTenMinutes is { } rate:
                            var level = shape.LeakLevelAtStart ?? 0.85;
                            var perSecond = rate / 600;
                            first.LinearLeaks.Add((s, e, level, perSecond));
                            // The growth began where the line leaves the pod's usual working set.
                            var usual = first.BaseMemory / first.MemoryLimitBytes;
                            since = start.AddSeconds(-Math.Max(0, level - usual) / perSecond);
                            affected = [first];
                            detail = $"leak {rate * 100:0.##} %/10 min, {level * 100:0.#} % of the limit at the start, growing since {since:yyyy-MM-dd HH:mm}";
                            break;
                        case IncidentKind.MemoryLeak:
                            first.Leaks.Add((s, e));
                            affected = [first];
                            break;
                        case IncidentKind.CrashLoop:
                            first.CrashLoops.Add((s, e));
                            first.Cpu.Override(new RateOverride(s, e, 0.05, false));
                            affected = [first];
                            break;
                        case IncidentKind.OomKill when shape?.OomFirstAfter is { } firstAfter:
                            var kill = s + firstAfter.TotalSeconds;
                            first.OomKills.Add((s, kill));
                            var every = shape.OomEvery?.TotalSeconds ?? double.PositiveInfinity;
                            while (kill + every < e)
                            {
                                // After the restart (a minute at a low working set) memory climbs to the limit again.
                                first.OomKills.Add((kill + OomRestartSeconds, kill + every));
                                kill += every;
                            }

                            affected = [first];
                            detail = $"{first.OomKills.Count} OOM kills, the first after {firstAfter.TotalMinutes:0.#} min";
                            break;
                        case IncidentKind.OomKill:
                            first.OomKills.Add((s, s + ((e - s) / 2)));
                            affected = [first];
                            break;
                        case IncidentKind.ReplicasUnavailable:
                            var missing = Math.Max(1, alive.Count / 2);
                            d.Unavailable.Add((s, e, missing));
                            affected = alive.TakeLast(missing).ToList();
                            affected.ForEach(p => p.Cpu.Override(new RateOverride(s, e, 0.02, false)));
                            break;
                    }

                    break;
            }

            Incidents.Add(new GroundTruthIncident(kind, target, start, end, [.. affected.Select(p => p.Ref)]) { StateSince = since, Detail = detail });
        }

        public SyntheticCluster Finish() => new(this);
    }
}
