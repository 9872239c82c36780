using KubeWise.Core.Detection;
using KubeWise.Core.Detection.Detectors;
using KubeWise.Core.Entities;

namespace KubeWise.Core.Tests.Detection.Detectors;

public class DetectorTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly EntityKey Deployment = new(EntityType.Deployment, "shop", "checkout");

    private static EntityWindow Window(EntityFacts facts, EntityKey? entity = null) => new(entity ?? Deployment, Now, []) { Facts = facts };

    private static Anomaly? Run(IAnomalyDetector detector, EntityFacts facts, EntityKey? entity = null) => detector.Detect(Window(facts, entity));

    [Fact]
    public void CrashLoopBackOff_WaitingContainers_FiresCriticalWithCount()
    {
        var anomaly = Run(new CrashLoopBackOffDetector(), new EntityFacts { CrashLoopBackOffContainers = 2 });

        Assert.NotNull(anomaly);
        Assert.Equal("CrashLoopBackOff", anomaly.Detector);
        Assert.Equal(AnomalySeverity.Critical, anomaly.Severity);
        Assert.Equal(2, anomaly.TopEvidence.Value);
        Assert.Contains("2 container(s) waiting in CrashLoopBackOff", anomaly.TopEvidence.Description, StringComparison.Ordinal);
        Assert.True(anomaly.Score < 0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(null)]
    public void CrashLoopBackOff_NoneWaiting_DoesNotFire(int? count) =>
        Assert.Null(Run(new CrashLoopBackOffDetector(), new EntityFacts { CrashLoopBackOffContainers = count }));

    [Fact]
    public void OomKilled_RecentRestartAfterOomKill_Fires()
    {
        var anomaly = Run(new OomKilledDetector(), new EntityFacts { OomKilledContainers = 1, RestartsInWindow = 1 });

        Assert.NotNull(anomaly);
        Assert.Equal("OOMKilled", anomaly.Detector);
        Assert.Equal(["kube_pod_container_status_last_terminated_reason{reason=\"OOMKilled\"}", "kube_pod_container_status_restarts_total"], anomaly.Evidence.Select(e => e.Name));
    }

    [Fact]
    public void OomKilled_OldOomKillWithoutRestartInWindow_DoesNotFire() =>
        Assert.Null(Run(new OomKilledDetector(), new EntityFacts { OomKilledContainers = 1, RestartsInWindow = 0 }));

    [Fact]
    public void OomKilled_RestartsNotMeasured_FiresOnTheReasonAlone() =>
        Assert.NotNull(Run(new OomKilledDetector(), new EntityFacts { OomKilledContainers = 1 }));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void RestartBurst_FewRestarts_DoesNotFire(double restarts) =>
        Assert.Null(Run(new RestartBurstDetector(3), new EntityFacts { RestartsInWindow = restarts }));

    [Theory]
    [InlineData(3, AnomalySeverity.Warning)]
    [InlineData(7, AnomalySeverity.Critical)]
    public void RestartBurst_RestartsAtThreshold_Fires(double restarts, AnomalySeverity severity)
    {
        var anomaly = Run(new RestartBurstDetector(3), new EntityFacts { RestartsInWindow = restarts });

        Assert.NotNull(anomaly);
        Assert.Equal(severity, anomaly.Severity);
        Assert.Equal(restarts, anomaly.TopEvidence.Value);
        Assert.Equal(3, anomaly.TopEvidence.Baseline);
    }

    [Fact]
    public void ReplicasUnavailable_LongerThanGrace_Fires()
    {
        var facts = new EntityFacts { ReplicasDesired = 3, ReplicasAvailable = 1, ReplicasUnavailable = 2, ReplicasUnavailableSince = Now.AddMinutes(-12) };

        var anomaly = Run(new ReplicasUnavailableDetector(TimeSpan.FromMinutes(5)), facts);

        Assert.NotNull(anomaly);
        Assert.Equal(AnomalySeverity.Warning, anomaly.Severity);
        Assert.Equal("2 replica(s) unavailable of 3 desired, 1 available for 12 min (grace period: 5 min)", anomaly.TopEvidence.Description);
    }

    [Fact]
    public void ReplicasUnavailable_NoneAvailable_IsCritical()
    {
        var facts = new EntityFacts { ReplicasAvailable = 0, ReplicasUnavailable = 3, ReplicasUnavailableSince = Now.AddMinutes(-6) };

        Assert.Equal(AnomalySeverity.Critical, Run(new ReplicasUnavailableDetector(TimeSpan.FromMinutes(5)), facts)?.Severity);
    }

    [Theory]
    [InlineData(2, 5)]
    [InlineData(12, 15)]
    public void ReplicasUnavailable_WithinGrace_DoesNotFire(int minutesUnavailable, int graceMinutes)
    {
        var facts = new EntityFacts { ReplicasUnavailable = 1, ReplicasUnavailableSince = Now.AddMinutes(-minutesUnavailable) };

        Assert.Null(Run(new ReplicasUnavailableDetector(TimeSpan.FromMinutes(graceMinutes)), facts));
    }

    [Fact]
    public void ReplicasUnavailable_NotADeploymentOrUnknownStart_DoesNotFire()
    {
        var detector = new ReplicasUnavailableDetector(TimeSpan.FromMinutes(5));
        var old = Now.AddHours(-1);

        Assert.Null(Run(detector, new EntityFacts { ReplicasUnavailable = 1, ReplicasUnavailableSince = old }, new EntityKey(EntityType.StatefulSet, "shop", "db")));
        Assert.Null(Run(detector, new EntityFacts { ReplicasUnavailable = 1 }));
        Assert.Null(Run(detector, new EntityFacts { ReplicasUnavailable = 0, ReplicasUnavailableSince = old }));
    }

    public static TheoryData<string, string, ConditionStatus> BadConditions => new()
    {
        { "NodeNotReady", NodeConditionTypes.Ready, ConditionStatus.False },
        { "NodeNotReady", NodeConditionTypes.Ready, ConditionStatus.Unknown },
        { "NodeMemoryPressure", NodeConditionTypes.MemoryPressure, ConditionStatus.True },
        { "NodeDiskPressure", NodeConditionTypes.DiskPressure, ConditionStatus.True },
        { "NodePIDPressure", NodeConditionTypes.PidPressure, ConditionStatus.True },
    };

    [Theory]
    [MemberData(nameof(BadConditions))]
    public void NodeCondition_BadCondition_FiresOnlyItsDetector(string detector, string condition, ConditionStatus status)
    {
        var node = EntityKey.Node("worker-3");
        var facts = new EntityFacts
        {
            NodeConditions =
            [
                new NodeCondition(NodeConditionTypes.Ready, ConditionStatus.True),
                new NodeCondition(NodeConditionTypes.MemoryPressure, ConditionStatus.False),
                new NodeCondition(NodeConditionTypes.DiskPressure, ConditionStatus.False),
                new NodeCondition(NodeConditionTypes.PidPressure, ConditionStatus.False),
            ],
        };
        facts = facts with { NodeConditions = [.. facts.NodeConditions.Where(c => c.Type != condition), new NodeCondition(condition, status, Now.AddMinutes(-3))] };
        var registry = DetectorRegistry.CreateDefault(new DetectionOptions());
        var anomalies = new List<Anomaly>();
        var errors = new List<DetectorError>();

        registry.Run(Window(facts, node), anomalies, errors);

        var anomaly = Assert.Single(anomalies);
        Assert.Equal(detector, anomaly.Detector);
        Assert.Equal(node, anomaly.Entity);
        Assert.Contains($"{condition} is {status}", anomaly.TopEvidence.Description, StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public void NodeCondition_HealthyNode_NothingFires()
    {
        var facts = new EntityFacts
        {
            NodeConditions =
            [
                new NodeCondition(NodeConditionTypes.Ready, ConditionStatus.True),
                new NodeCondition(NodeConditionTypes.MemoryPressure, ConditionStatus.False),
                new NodeCondition(NodeConditionTypes.DiskPressure, ConditionStatus.False),
                new NodeCondition(NodeConditionTypes.PidPressure, ConditionStatus.False),
            ],
        };
        var anomalies = new List<Anomaly>();

        DetectorRegistry.CreateDefault(new DetectionOptions()).Run(Window(facts, EntityKey.Node("worker-1")), anomalies, new List<DetectorError>());

        Assert.Empty(anomalies);
    }

    [Theory]
    [InlineData(0.4, null)]
    [InlineData(1.0, null)]
    [InlineData(1.5, AnomalySeverity.Warning)]
    [InlineData(2.5, AnomalySeverity.Critical)]
    public void ApiServerLatency_AgainstThreshold(double p99, AnomalySeverity? expected)
    {
        var anomaly = Run(new ApiServerLatencyDetector(1.0), new EntityFacts { ApiServerP99LatencySeconds = p99 }, EntityKey.ControlPlane());

        Assert.Equal(expected, anomaly?.Severity);
    }

    [Theory]
    [InlineData(0.17, null)]
    [InlineData(0.7, AnomalySeverity.Warning)]
    public void ApiServerLatency_BelowTheThreshold_IsFlaggedAgainstItsBaselineOnlyWhenTheDepartureHeldForTheLastTwoMinutes(double lowestRecent, AnomalySeverity? expected)
    {
        // Writes usually take 0.17 s at p99; the last scrape says 0.82 s (4.9 times), the last two minutes at least lowestRecent.
        const string name = $"{KubeWise.Core.Metrics.Catalog.BuiltInQueries.ApiServerP99LatencyByVerbGroup}:write:apiserver_request_sli_duration_seconds";
        var end = DateTimeOffset.Parse("2025-06-17T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var history = Enumerable.Range(0, 72).Select(i => new MetricSample(end.AddMinutes(-10 - (5 * i)), 0.17)).Reverse().ToArray();
        var facts = new EntityFacts
        {
            ApiServerLatencies = [new VerbGroupLatency("write", "apiserver_request_sli_duration_seconds", 0.82) { LowestRecentP99Seconds = lowestRecent }],
            Baselines = new Dictionary<string, SignalBaseline> { [name] = new(0.17, 0.02, history) },
        };

        var anomaly = Run(new ApiServerLatencyDetector(1.0), facts, EntityKey.ControlPlane());

        Assert.Equal(expected, anomaly?.Severity);
        if (anomaly is not null)
        {
            Assert.Contains("usually 0.17 s", anomaly.TopEvidence.Description, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ApiServerLatency_ThresholdIsConfigurable()
    {
        var options = new DetectionOptions { ApiServerP99LatencyThresholdSeconds = 0.25 };
        var detector = DetectorRegistry.CreateDefault(options).Detectors.Single(d => d.Name == "ApiServerLatency");

        var anomaly = detector.Detect(Window(new EntityFacts { ApiServerP99LatencySeconds = 0.3 }, EntityKey.ControlPlane()));

        Assert.NotNull(anomaly);
        Assert.Equal("API-server p99 latency 0.3 s (threshold: 0.25 s)", anomaly.TopEvidence.Description);
    }

    [Fact]
    public void Registry_DetectorsInRollout_StillFireButAreMarked()
    {
        var window = Window(new EntityFacts { CrashLoopBackOffContainers = 1 }) with { Rollout = new RolloutState(PodsBeingReplaced: true) };
        var anomalies = new List<Anomaly>();

        DetectorRegistry.CreateDefault(new DetectionOptions()).Run(window, anomalies, new List<DetectorError>());

        Assert.True(Assert.Single(anomalies).DuringRollout);
    }

    [Fact]
    public void Registry_ThrowingDetector_RecordsErrorAndRunsTheRest()
    {
        var registry = new DetectorRegistry([new ThrowingDetector(), new CrashLoopBackOffDetector()]);
        var anomalies = new List<Anomaly>();
        var errors = new List<DetectorError>();

        registry.Run(Window(new EntityFacts { CrashLoopBackOffContainers = 1 }), anomalies, errors);

        Assert.Equal("[Broken] error: boom (deployment/shop/checkout)", Assert.Single(errors).ToString());
        Assert.Equal("CrashLoopBackOff", Assert.Single(anomalies).Detector);
    }

    [Fact]
    public void Registry_DuplicateNames_AreRejected() =>
        Assert.Throws<ArgumentException>(() => new DetectorRegistry([new CrashLoopBackOffDetector(), new CrashLoopBackOffDetector()]));

    [Fact]
    public void Registry_Default_ListsEveryDetectorOnce()
    {
        var names = DetectorRegistry.CreateDefault(new DetectionOptions()).Detectors.Select(d => d.Name);

        Assert.Equal(
            ["CrashLoopBackOff", "OOMKilled", "RestartBurst", "ReplicasUnavailable", "NodeNotReady", "NodeMemoryPressure", "NodeDiskPressure", "NodePIDPressure", "ApiServerLatency", "FlatLine", "MemoryNearLimit", "CpuNearLimit"],
            names);
    }

    private sealed class ThrowingDetector : IAnomalyDetector
    {
        public string Name => "Broken";

        public Anomaly? Detect(EntityWindow window) => throw new InvalidOperationException("boom");
    }
}
