using KubeWise.Core.Entities;
using KubeWise.Core.Metrics;
using KubeWise.Core.Metrics.Catalog;
using KubeWise.Core.Scanning;
using KubeWise.Testing.Prometheus.Synthetic;

namespace KubeWise.Core.Tests.Scanning;

/// <summary>Pods resolved to their owners, nodes and the control plane, from the answers of a real Prometheus.</summary>
public sealed class EntityResolutionTests(ScanHistoryFixture fixture) : IClassFixture<ScanHistoryFixture>, IDisposable
{
    private static readonly DateTimeOffset Start = DefaultScenario.Start;
    private readonly ScanServices _services = new(fixture.Url);

    public void Dispose() => _services.Dispose();

    private async Task<ScanReport> ScanWithoutModelsAsync(DateTimeOffset at) =>
        await _services.Cycle.RunAsync(new ScanRequest { At = at, TrainMissingModels = false });

    [Fact]
    public async Task Entities_AtTheEnd_AreDeploymentsCronJobNodesAndTheApiServer()
    {
        var report = await ScanWithoutModelsAsync(Start.AddMinutes(55));

        Assert.True(report.Succeeded, report.Failure);
        var deployments = report.Entities.Where(e => e.Type == EntityType.Deployment).Select(e => $"{e.Namespace}/{e.Name}").Order().ToList();
        var expected = fixture.Cluster.Deployments.Select(d => $"{d.Namespace}/{d.Name}").Order().ToList();
        Assert.Equal(expected, deployments);
        Assert.Contains(new EntityKey(EntityType.CronJob, "search", "reindex"), report.Entities);
        Assert.Equal(["node-000", "node-001", "node-002", "node-003"], report.Entities.Where(e => e.Type == EntityType.Node).Select(e => e.Name).Order());
        Assert.Contains(EntityKey.ControlPlane(), report.Entities);
        Assert.Equal(0, report.UnresolvedSeries);
        Assert.DoesNotContain(report.Entities, e => e.Type == EntityType.Pod);
    }

    [Fact]
    public async Task RollingUpdate_PodNamesChange_StaysOneEntityWithAnUnbrokenSeries()
    {
        var rollout = fixture.Cluster.GroundTruth.BenignEvents.Single(e => e.Kind == BenignEventKind.RollingUpdate);
        var at = rollout.Start.AddMinutes(3);
        var deployment = fixture.Cluster.Deployment(rollout.Entity.Namespace, rollout.Entity.Name);
        Assert.Equal(2, deployment.ReplicaSets.Count);

        var windows = await BuildWindowsAsync(at);

        var window = Assert.Single(windows, w => w.Entity == new EntityKey(EntityType.Deployment, rollout.Entity.Namespace, rollout.Entity.Name));
        var cpu = window.Metrics.Single(m => m.Name == BuiltInQueries.CpuLimitRatio);
        Assert.Equal(41, cpu.Samples.Length);
        Assert.True(window.Rollout.InProgress);
        var settled = Assert.Single(windows, w => w.Entity == new EntityKey(EntityType.Deployment, "payments", "checkout"));
        Assert.False(settled.Rollout.InProgress);
    }

    [Fact]
    public async Task Facts_DuringCrashLoop_CountTheWaitingContainerAndRestarts()
    {
        var crash = fixture.Cluster.GroundTruth.Incidents.Single(i => i.Kind == IncidentKind.CrashLoop);

        var windows = await BuildWindowsAsync(crash.Start.AddMinutes(12));

        var window = Assert.Single(windows, w => w.Entity == new EntityKey(EntityType.Deployment, crash.Entity.Namespace, crash.Entity.Name));
        Assert.Equal(1, window.Facts.CrashLoopBackOffContainers);
        Assert.InRange(window.Facts.RestartsInWindow ?? 0, 2, 3);
        Assert.Equal(2, window.Facts.ReplicasDesired);
    }

    [Fact]
    public void OwnerMap_WithoutOwnerSeries_FallsBackOnControllerNaming()
    {
        var owners = OwnerMap.Empty;

        Assert.Equal(new EntityKey(EntityType.Deployment, "shop", "web-api"), owners.ResolveController("shop", "ReplicaSet", "web-api-7d4b9c8f6d"));
        Assert.Equal(new EntityKey(EntityType.CronJob, "ops", "backup"), owners.ResolveController("ops", "Job", "backup-29144160"));
        Assert.Equal(new EntityKey(EntityType.Job, "ops", "migrate"), owners.ResolveController("ops", "Job", "migrate"));
        Assert.Equal(new EntityKey(EntityType.StatefulSet, "db", "pg"), owners.ResolveController("db", "StatefulSet", "pg"));
        Assert.Equal(new EntityKey(EntityType.DaemonSet, "kube-system", "cilium"), owners.ResolveController("kube-system", "DaemonSet", "cilium"));
        Assert.Null(owners.ResolveController("kube-system", "Node", "node-000"));
        Assert.Equal(new EntityKey(EntityType.Pod, "shop", "bare"), owners.ResolvePod("shop", "bare"));
    }

    private async Task<IReadOnlyList<EntityWindow>> BuildWindowsAsync(DateTimeOffset at)
    {
        var client = _services.Get<IPrometheusClient>();
        var discovery = await _services.Get<MetricDiscovery>().DiscoverAsync(at);
        var owners = new OwnerMap();
        var window = TimeSpan.FromMinutes(10);
        foreach (var query in discovery.Active.Where(q => q.Id is BuiltInQueries.ReplicaSetOwners or BuiltInQueries.JobOwners))
        {
            var result = await client.QueryAsync(query.Render([], TimeSpan.FromMinutes(1), window), at);
            (query.Id == BuiltInQueries.ReplicaSetOwners ? (Action<PrometheusQueryResult>)owners.AddReplicaSets : owners.AddJobs)(result);
        }

        var builder = new EntityWindowBuilder(owners, [], at);
        foreach (var query in discovery.Active.Where(q => !q.Instant))
        {
            builder.Add(query, await client.QueryRangeAsync(query.Render([], TimeSpan.FromMinutes(1), window), at - window, at, TimeSpan.FromSeconds(15)));
        }

        return builder.Build();
    }
}
