using KubeWise.Core.Detection;
using KubeWise.Core.Detection.Detectors;
using KubeWise.Core.Entities;

namespace KubeWise.Core.Tests.Detection;

public class DetectionEngineTests(DetectionWorld world) : IClassFixture<DetectionWorld>
{
    private const string Cpu = SyntheticCluster.Cpu;
    private const string Memory = SyntheticCluster.Memory;
    private const string Requests = SyntheticCluster.Requests;

    public static TheoryData<int> Seeds => new() { 11, 12, 13, 14, 15 };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Detect_CpuSpike_FlagsEntityWithCpuLevelOnTop(int seed)
    {
        var cluster = new SyntheticCluster(seed);
        var profile = world.Profiles[seed % world.Profiles.Count];
        var window = cluster.Window(profile, DetectionWorld.Points, DetectionWorld.Now, (m, i, v) => m == Cpu && i == DetectionWorld.Points - 1 ? v * 2 : v);

        var anomaly = Assert.Single(world.Engine().Detect([window], world.Models).Anomalies);

        Assert.Equal(Anomaly.ForestDetector, anomaly.Detector);
        Assert.True(anomaly.Score < world.Options.ScoreThreshold, $"score {anomaly.Score}");
        Assert.StartsWith($"{Cpu}.", anomaly.TopEvidence.Name, StringComparison.Ordinal);
        Assert.Contains(anomaly.Evidence, e => e.Name == $"{Cpu}.zscore" && e.Deviation > 10);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Detect_CpuLevelShift_FlagsEntityWithCpuEvidenceOnTop(int seed)
    {
        var cluster = new SyntheticCluster(seed);
        var profile = world.Profiles[seed % world.Profiles.Count];
        var window = cluster.Window(profile, DetectionWorld.Points, DetectionWorld.Now, (m, i, v) => m == Cpu && i >= 15 ? v * 1.8 : v);

        var anomaly = Assert.Single(world.Engine().Detect([window], world.Models).Anomalies);

        Assert.All(anomaly.Evidence.Take(3), e => Assert.StartsWith($"{Cpu}.", e.Name, StringComparison.Ordinal));
        var mean = Assert.Single(anomaly.Evidence, e => e.Name == $"{Cpu}.mean");
        Assert.True(mean.Value > mean.Baseline * 1.5, mean.Description);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Detect_LevelShiftWithinTheEntitysOwnHistory_IsNotRaised_OneBeyondItIs_AndANewEntityAmongOlderOnesHasNoHistoryToDepartFrom(int seed)
    {
        var cluster = new SyntheticCluster(seed);
        var profile = world.Profiles[seed % world.Profiles.Count];
        // The window's newest quarter is 1.8 times its older points: against itself, a level shift.
        var window = cluster.Window(profile, DetectionWorld.Points, DetectionWorld.Now, (m, i, v) => m == Cpu && i >= 15 ? v * 1.8 : v);
        // Its history swings over the day between both levels (median between, wide spread); or sat at the old level.
        var usual = WithCpuBaseline(window, level: profile.CpuCores * 1.4, spread: profile.CpuCores * 0.4, points: 72);
        var quiet = WithCpuBaseline(window, level: profile.CpuCores, spread: profile.CpuCores * 0.02, points: 72);
        var young = WithCpuBaseline(window, level: profile.CpuCores, spread: profile.CpuCores * 0.02, points: SaturationDetector.MinimumBaselinePoints - 1);

        Assert.Single(world.Engine().Detect([window], world.Models).Anomalies);
        Assert.Empty(world.Engine().Detect([usual], world.Models).Anomalies);
        var departed = Assert.Single(world.Engine().Detect([quiet], world.Models).Anomalies);
        Assert.Equal(Anomaly.ForestDetector, departed.Detector);
        Assert.StartsWith($"{Cpu}.", departed.TopEvidence.Name, StringComparison.Ordinal);
        // Alone (a cluster younger than an hour), a young entity is judged on its window, as without baselines.
        Assert.Single(world.Engine().Detect([young], world.Models).Anomalies);

        // Beside an entity with an hour of baseline of the metric, one with less or none (it just appeared) has no history yet.
        var other = world.Profiles[(seed + 1) % world.Profiles.Count];
        var newcomer = cluster.Window(other, DetectionWorld.Points, DetectionWorld.Now, (m, i, v) => m == Cpu && i >= 15 ? v * 1.8 : v);
        Assert.NotEqual(window.Entity, newcomer.Entity);
        Assert.Single(world.Engine().Detect([newcomer], world.Models).Anomalies);
        var both = world.Engine().Detect([quiet, newcomer], world.Models).Anomalies;
        Assert.Equal(window.Entity, Assert.Single(both).Entity);
        var youngNewcomer = WithCpuBaseline(newcomer, level: other.CpuCores, spread: other.CpuCores * 0.02, points: SaturationDetector.MinimumBaselinePoints - 1);
        Assert.Equal(window.Entity, Assert.Single(world.Engine().Detect([quiet, youngNewcomer], world.Models).Anomalies).Entity);
    }

    private static EntityWindow WithCpuBaseline(EntityWindow window, double level, double spread, int points)
    {
        var start = window.Metrics.Single(m => m.Name == Cpu).Samples.Span[0].Timestamp;
        var history = Enumerable.Range(0, points).Select(i => new MetricSample(start.AddMinutes(-5 * (points - i)), level)).ToArray();
        var baseline = new SignalBaseline(level, spread, history);
        return window with { Facts = window.Facts with { Baselines = new Dictionary<string, SignalBaseline> { [Cpu] = baseline } } };
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Detect_SlowMemoryLeak_FlagsEntityWithMemorySlopeInTopEvidence(int seed)
    {
        var cluster = new SyntheticCluster(seed);
        var profile = world.Profiles[seed % world.Profiles.Count];
        // +2 % of the level per 30 s step: 40 % over ten minutes, a few noise widths per step.
        var window = cluster.Window(profile, DetectionWorld.Points, DetectionWorld.Now, (m, i, v) => m == Memory ? v * (1 + (0.02 * i)) : v);

        var anomaly = Assert.Single(world.Engine().Detect([window], world.Models).Anomalies);

        Assert.StartsWith($"{Memory}.", anomaly.TopEvidence.Name, StringComparison.Ordinal);
        Assert.Contains($"{Memory}.slope", anomaly.Evidence.Take(2).Select(e => e.Name));
        Assert.True(anomaly.Evidence.Single(e => e.Name == $"{Memory}.slope").Value > 0);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Detect_CpuFlatLine_FlagsEntityWithCpuStdEvidence(int seed)
    {
        var cluster = new SyntheticCluster(seed);
        var profile = world.Profiles[seed % world.Profiles.Count];
        // A stuck exporter repeats a typical value: the deployment's usual level.
        var window = cluster.Window(profile, DetectionWorld.Points, DetectionWorld.Now, (m, i, v) => m == Cpu && i >= 15 ? profile.CpuCores : v);

        var anomalies = world.Engine().Detect([window], world.Models).Anomalies;

        var anomaly = Assert.Single(anomalies);
        Assert.Equal($"{Cpu}.std", anomaly.TopEvidence.Name);
        Assert.True(anomaly.TopEvidence.Value < 1e-9 * profile.CpuCores, anomaly.TopEvidence.Description);
        Assert.True(anomaly.TopEvidence.Baseline > 0.005 * profile.CpuCores, anomaly.TopEvidence.Description);
    }

    [Fact]
    public void Detect_RequestsStop_FlagsEntityOnRequestRate()
    {
        var cluster = new SyntheticCluster(21);
        var profile = world.Profiles[3];
        var stoppedAt = double.NaN;
        var window = cluster.Window(profile, DetectionWorld.Points, DetectionWorld.Now, (m, i, v) =>
        {
            if (m != Requests || i < 15)
            {
                return v;
            }

            stoppedAt = double.IsNaN(stoppedAt) ? v : stoppedAt;
            return stoppedAt;
        });

        var anomalies = world.Engine().Detect([window], world.Models).Anomalies;

        Assert.NotEmpty(anomalies);
        Assert.All(anomalies, a => Assert.StartsWith($"{Requests}.", a.TopEvidence.Name, StringComparison.Ordinal));
    }

    [Fact]
    public void Detect_BusyIdleAndNormalEntities_NothingFlagged()
    {
        var cluster = new SyntheticCluster(99);
        var windows = new List<EntityWindow>();
        for (var w = 0; w < 5; w++)
        {
            windows.AddRange(world.Profiles.Select(p => cluster.Window(p, DetectionWorld.Points, DetectionWorld.Now + (w * TimeSpan.FromMinutes(10)))));
        }

        var result = world.Engine().Detect(windows, world.Models);

        Assert.Empty(result.Anomalies);
        Assert.Equal(windows.Count, result.ForestScored);
        Assert.Empty(result.DetectorErrors);
        Assert.Contains(world.Profiles, p => p.CpuCores > 3);
    }

    [Fact]
    public void Detect_ShiftDuringRollout_IsMarkedAndNotRaised()
    {
        var cluster = new SyntheticCluster(31);
        var window = cluster.Window(world.Profiles[0], DetectionWorld.Points, DetectionWorld.Now, (m, i, v) => m == Cpu && i >= 15 ? v * 1.8 : v)
            with { Rollout = new RolloutState(Generation: 8, ObservedGeneration: 7) };

        var result = world.Engine().Detect([window], world.Models);

        Assert.Empty(result.Anomalies);
        var suppressed = Assert.Single(result.SuppressedDuringRollout);
        Assert.True(suppressed.DuringRollout);
        Assert.Equal(window.Entity, suppressed.Entity);
    }

    [Fact]
    public void Detect_PodsBeingReplaced_CountsAsRollout()
    {
        Assert.True(new RolloutState(PodsBeingReplaced: true).InProgress);
        Assert.True(new RolloutState(3, 2).InProgress);
        Assert.False(new RolloutState(3, 3).InProgress);
        Assert.False(RolloutState.Settled.InProgress);
    }

    [Fact]
    public void Detect_SingleBenignRestart_NothingFlagged()
    {
        var cluster = new SyntheticCluster(41);
        var window = cluster.Window(world.Profiles[2], DetectionWorld.Points, DetectionWorld.Now) with
        {
            Facts = new EntityFacts { RestartsInWindow = 1, CrashLoopBackOffContainers = 0, OomKilledContainers = 0 },
        };

        var result = world.Engine().Detect([window], world.Models);

        Assert.Empty(result.Anomalies);
    }

    [Fact]
    public void Detect_ThrowingDetector_RecordsNameErrorAndCycleGoesOn()
    {
        var registry = new DetectorRegistry([new ThrowingDetector(), new CrashLoopBackOffDetector()]);
        var cluster = new SyntheticCluster(51);
        var crashing = cluster.Window(world.Profiles[1], DetectionWorld.Points, DetectionWorld.Now) with
        {
            Facts = new EntityFacts { CrashLoopBackOffContainers = 2 },
        };
        var spiking = cluster.Window(world.Profiles[4], DetectionWorld.Points, DetectionWorld.Now, (m, i, v) => m == Cpu && i == DetectionWorld.Points - 1 ? v * 2 : v);

        var result = world.Engine(registry).Detect([crashing, spiking], world.Models);

        Assert.Equal(["[Boom] error"], result.Degraded);
        Assert.Equal(2, result.DetectorErrors.Count);
        Assert.Equal("[Boom] error: detector bug (deployment/shop/app-01)", result.DetectorErrors[0].ToString());
        Assert.Contains(result.Anomalies, a => a.Detector == "CrashLoopBackOff" && a.Entity == crashing.Entity);
        Assert.Contains(result.Anomalies, a => a.Detector == Anomaly.ForestDetector && a.Entity == spiking.Entity);
    }

    [Fact]
    public void Detect_NoModelForType_DetectorsStillRunAndEntityNotScored()
    {
        var node = new EntityWindow(EntityKey.Node("worker-1"), DetectionWorld.Now, [])
        {
            Facts = new EntityFacts { NodeConditions = [new NodeCondition(NodeConditionTypes.Ready, ConditionStatus.False)] },
        };

        var result = world.Engine().Detect([node], world.Models);

        Assert.Equal("NodeNotReady", Assert.Single(result.Anomalies).Detector);
        Assert.Equal([node.Entity], result.NotScored);
        Assert.Equal(0, result.ForestScored);
    }

    [Fact]
    public void Detect_AnomaliesSortedMostAnomalousFirst()
    {
        var cluster = new SyntheticCluster(61);
        var spike = cluster.Window(world.Profiles[5], DetectionWorld.Points, DetectionWorld.Now, (m, i, v) => m == Cpu && i == DetectionWorld.Points - 1 ? v * 2 : v);
        var crash = cluster.Window(world.Profiles[6], DetectionWorld.Points, DetectionWorld.Now) with
        {
            Facts = new EntityFacts { CrashLoopBackOffContainers = 1 },
        };

        var anomalies = world.Engine().Detect([spike, crash], world.Models).Anomalies;

        Assert.Equal(["CrashLoopBackOff", Anomaly.ForestDetector], anomalies.Select(a => a.Detector));
        Assert.True(anomalies[0].Score <= anomalies[1].Score);
    }

    private sealed class ThrowingDetector : IAnomalyDetector
    {
        public string Name => "Boom";

        public Anomaly? Detect(EntityWindow window) => throw new InvalidOperationException("detector bug");
    }
}
