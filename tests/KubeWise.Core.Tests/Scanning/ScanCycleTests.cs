using KubeWise.Core.Detection;
using KubeWise.Core.Entities;
using KubeWise.Core.Metrics.Catalog;
using KubeWise.Core.Scanning;
using KubeWise.Testing.Prometheus;
using KubeWise.Testing.Prometheus.Synthetic;

namespace KubeWise.Core.Tests.Scanning;

/// <summary>The scan cycle against a real Prometheus serving the default scenario (every incident kind once, every benign event once).</summary>
public sealed class ScanCycleTests(ScanHistoryFixture fixture) : IClassFixture<ScanHistoryFixture>, IDisposable
{
    private static readonly DateTimeOffset Start = DefaultScenario.Start;
    private readonly ScanServices _services = new(fixture.Url);

    public void Dispose() => _services.Dispose();

    /// <summary>Trains on the first hour (every benign event, no incident), as a first scan with a one-hour look-back does.</summary>
    private async Task<ScanCycle> TrainedCycleAsync()
    {
        var cycle = _services.Cycle;
        var first = await cycle.RunAsync(new ScanRequest { At = Start.AddMinutes(60), Lookback = TimeSpan.FromMinutes(60) });
        Assert.True(first.Succeeded, first.Failure);
        return cycle;
    }

    public static TheoryData<IncidentKind> Kinds => [.. Enum.GetValues<IncidentKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Scan_DuringIncident_ReportsItOnTheRightEntityWithEvidence(IncidentKind kind)
    {
        var cycle = await TrainedCycleAsync();
        var incident = fixture.Cluster.GroundTruth.Incidents.Single(i => i.Kind == kind);
        var reports = new List<Anomaly>();
        for (var minute = 1; minute <= 10; minute++)
        {
            var report = await cycle.RunAsync(new ScanRequest { At = incident.Start.AddMinutes(minute) });
            Assert.True(report.Succeeded, report.Failure);
            reports.AddRange(report.Anomalies.Where(a => IncidentMatcher.Reports(a, incident)));
        }

        var found = Assert.Single(reports.GroupBy(a => a.Entity)).First();
        Assert.Equal(incident.Entity, IncidentMatcher.ToRef(found.Entity));
        Assert.NotEmpty(found.TopEvidence.Description);
        Assert.True(found.Score < 0, $"score {found.Score}");
    }

    [Theory]
    [InlineData(25, "nothing has happened yet")]
    [InlineData(33, "shop/frontend is mid-rolling-update, search/api's load climbs before its HPA scales out")]
    [InlineData(44, "search/api has just scaled out; node-003 joined")]
    [InlineData(54, "the reindex CronJob runs hot")]
    [InlineData(58, "the CronJob has finished")]
    public async Task Scan_DuringBenignEvents_ReportsNothing(int minute, string situation)
    {
        var cycle = await TrainedCycleAsync();

        var report = await cycle.RunAsync(new ScanRequest { At = Start.AddMinutes(minute) });

        Assert.True(report.Succeeded, report.Failure);
        Assert.True(report.Anomalies.Count == 0, $"{situation}: {string.Join("; ", report.Anomalies.Select(a => $"{a.Entity} {a.Detector} {a.TopEvidence.Description}"))}");
        Assert.Empty(report.Degraded);
    }

    [Fact]
    public async Task Scan_WithoutModel_TrainsPerEntityTypeAndSavesFiles_ThenANewCycleLoadsThem()
    {
        var first = await _services.Cycle.RunAsync(new ScanRequest { At = Start.AddMinutes(60), Lookback = TimeSpan.FromMinutes(60) });

        Assert.Contains(first.Models, m => m.EntityType == EntityType.Deployment && m.Source == ModelSource.Trained);
        Assert.Contains(first.Models, m => m.EntityType == EntityType.Node && m.Source == ModelSource.Trained);
        Assert.True(first.TrainingRequests > 0);
        Assert.True(File.Exists(Path.Combine(_services.ModelFolder, "kubewise-forest.deployment.json")));

        using var again = new ScanServices(fixture.Url, new Dictionary<string, string?> { ["Detection:ModelPath"] = Path.Combine(_services.ModelFolder, "kubewise-forest.json") });
        var second = await again.Cycle.RunAsync(new ScanRequest { At = Start.AddMinutes(62) });
        Assert.Contains(second.Models, m => m.EntityType == EntityType.Deployment && m.Source == ModelSource.Loaded);
        Assert.Contains(second.Models, m => m.EntityType == EntityType.CronJob && m.Source == ModelSource.None);
        Assert.Contains(second.Anomalies, a => a.Entity == new EntityKey(EntityType.Deployment, "shop", "checkout") && a.Detector == Anomaly.ForestDetector);

        // The CronJob's history is too short to train on; the next cycle does not read the look-back again.
        var third = await again.Cycle.RunAsync(new ScanRequest { At = Start.AddMinutes(63) });
        Assert.Equal(0, third.TrainingRequests);
        Assert.Contains(third.Models, m => m.EntityType == EntityType.CronJob && m.Source == ModelSource.None && m.Detail.Contains("next attempt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scan_SecondClusterWithTheSameModelPath_RefusesTheFirstClustersModel_AndLeavesItAlone()
    {
        // Two clusters without a cluster label or a kubeconfig: each is known by its Prometheus URL (as through two
        // port-forwards on different ports). Both are told to keep their model in the same file.
        var modelPath = Path.Combine(_services.ModelFolder, "kubewise-forest.json");
        var first = await _services.Cycle.RunAsync(new ScanRequest { At = Start.AddMinutes(60), Lookback = TimeSpan.FromMinutes(60) });
        Assert.Contains(first.Models, m => m.EntityType == EntityType.Deployment && m.Source == ModelSource.Trained);
        var file = Path.Combine(_services.ModelFolder, "kubewise-forest.deployment.json");
        var written = File.GetLastWriteTimeUtc(file);

        var other = new UriBuilder(fixture.Url) { Host = fixture.Url.Host == "localhost" ? "127.0.0.1" : "localhost" }.Uri;
        using var second = new ScanServices(other, new Dictionary<string, string?> { ["Detection:ModelPath"] = modelPath });
        var report = await second.Cycle.RunAsync(new ScanRequest { At = Start.AddMinutes(62), Lookback = TimeSpan.FromMinutes(60) });

        Assert.True(report.Succeeded, report.Failure);
        var refused = Assert.Single(report.Models, m => m.EntityType == EntityType.Deployment);
        Assert.Equal(ModelSource.None, refused.Source);
        Assert.Contains($"trained on the cluster behind Prometheus {fixture.Url.ToString().TrimEnd('/')}", refused.Detail, StringComparison.Ordinal);
        Assert.Contains($"this is the cluster behind Prometheus {other.ToString().TrimEnd('/')}", refused.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Anomalies, a => a.Detector == Anomaly.ForestDetector);
        Assert.Equal(written, File.GetLastWriteTimeUtc(file));

        // The first cluster still uses its model, and says which one and when it was trained.
        var again = await _services.Cycle.RunAsync(new ScanRequest { At = Start.AddMinutes(63) });
        var loaded = Assert.Single(again.Models, m => m.EntityType == EntityType.Deployment);
        Assert.Equal(ModelSource.Loaded, loaded.Source);
        Assert.Contains(file, loaded.Detail, StringComparison.Ordinal);
        Assert.Contains($", trained {DateTime.UtcNow:yyyy-MM-dd}", loaded.Detail, StringComparison.Ordinal);
        Assert.EndsWith($"on the cluster behind Prometheus {fixture.Url.ToString().TrimEnd('/')} (no cluster label, no kubeconfig)", loaded.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_RequestsPerCycle_AreTheActiveQueriesOnly()
    {
        var cycle = await TrainedCycleAsync();

        var first = await cycle.RunAsync(new ScanRequest { At = Start.AddMinutes(70) });
        var report = await cycle.RunAsync(new ScanRequest { At = Start.AddMinutes(71) });

        // One query per active catalog entry (the pod-owner map only runs for pod-level queries from configuration),
        // plus the metric-name listing when discovery's cache has expired, plus one look-back extension per baseline
        // signal (CPU and memory against the limit, API-server p99 overall and per verb group, node memory; node CPU is
        // inactive here) when a new 5-minute step has begun since the last cycle (the window started at 50 min, now at
        // 60); at 71 min it starts in the same step: none.
        var expected = report.ActiveQueries.Count(q => q.Id != BuiltInQueries.PodOwnerMap);
        Assert.Equal(expected + 1 + 5, first.Requests);
        Assert.Equal(expected, report.Requests);
        Assert.Contains(report.InactiveQueries, q => q.Query.Id == BuiltInQueries.NodeCpuBusyRatio && q.MissingMetrics.SequenceEqual(["node_cpu_seconds_total"]));
    }

    [Fact]
    public async Task Scan_NamespaceFilter_JudgesOnlyThoseNamespacesPlusClusterEntities()
    {
        var cycle = await TrainedCycleAsync();

        var report = await cycle.RunAsync(new ScanRequest { At = Start.AddMinutes(75), Namespaces = ["payments"] });

        Assert.All(report.Entities.Where(e => e.Namespace.Length > 0), e => Assert.Equal("payments", e.Namespace));
        Assert.Contains(report.Entities, e => e.Type == EntityType.Node);
        Assert.Contains(report.Anomalies, a => a.Entity == new EntityKey(EntityType.Deployment, "payments", "api") && a.Detector == "CrashLoopBackOff");
        Assert.DoesNotContain(report.Anomalies, a => a.Entity.Namespace == "shop");
    }

    [Fact]
    public async Task Scan_FailingQuery_IsRecordedAndTheRestGoesOn()
    {
        using var services = new ScanServices(fixture.Url, new Dictionary<string, string?> { ["Prometheus:DefaultQueries:0"] = "sum(rate(kube_pod_info[5m]) by (namespace)" });
        var catalog = services.Get<QueryCatalog>();
        Assert.Single(catalog.Rejected);
        var broken = QueryCatalog.FromExpression("broken_ratio", "kube_pod_info / on(namespace) group_left kube_pod_info", QueryOrigin.AiProposed);
        Assert.True(catalog.TryAdd(broken).Accepted);

        var report = await services.Cycle.RunAsync(new ScanRequest { At = Start.AddMinutes(75), Lookback = TimeSpan.FromMinutes(60) });

        Assert.True(report.Succeeded, report.Failure);
        Assert.Contains(report.Degraded, d => d.StartsWith("[broken_ratio] error:", StringComparison.Ordinal));
        Assert.Contains(report.Anomalies, a => a.Entity == new EntityKey(EntityType.Deployment, "payments", "api") && a.Detector == "CrashLoopBackOff");
    }

    [Fact]
    public async Task Scan_PrometheusDown_ReportsFailureWithoutThrowing()
    {
        using var services = new ScanServices(new Uri($"http://127.0.0.1:{FreePort.Find()}"));

        var report = await services.Cycle.RunAsync(new ScanRequest { At = Start.AddMinutes(75) });

        Assert.False(report.Succeeded);
        Assert.Contains("unreachable", report.Failure, StringComparison.Ordinal);
        Assert.Empty(report.Anomalies);
    }
}
