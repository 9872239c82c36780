using KubeWise.Core.Entities;
using KubeWise.Core.Scanning;

namespace KubeWise.Core.Tests.Scanning;

/// <summary>The current metrics people read name entities exactly as the scan judges them (controllers, not pods).</summary>
public sealed class MetricsSnapshotReaderTests(ScanHistoryFixture fixture) : IClassFixture<ScanHistoryFixture>, IDisposable
{
    private readonly ScanServices _services = new(fixture.Url);

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Read_NamesEveryEntityAsTheScanDoes()
    {
        var at = fixture.Cluster.Start.AddMinutes(60);
        var scan = await _services.Cycle.RunAsync(new ScanRequest { At = at, TrainMissingModels = false });
        var snapshot = await _services.Get<MetricsSnapshotReader>().ReadAsync(at: at);

        Assert.True(scan.Succeeded, scan.Failure);
        Assert.Empty(snapshot.Errors);
        var named = snapshot.Entities.Select(e => e.Entity).ToHashSet();
        Assert.All(scan.Entities, e => Assert.Contains(e, named));
        Assert.Contains(named, e => e.Type == EntityType.Deployment);
        Assert.All(snapshot.Entities, e => Assert.NotEmpty(e.Series));
        Assert.All(snapshot.Entities.SelectMany(e => e.Series), s => Assert.All(s.Samples, p => Assert.InRange(p.Timestamp, at - snapshot.Window, at)));
    }

    [Fact]
    public async Task Read_OneNamespace_KeepsItsWorkloadsAndTheClusterScopedEntities()
    {
        var at = fixture.Cluster.Start.AddMinutes(60);
        var all = await _services.Get<MetricsSnapshotReader>().ReadAsync(at: at);
        var ns = all.Entities.First(e => e.Entity.Type == EntityType.Deployment).Entity.Namespace;

        var one = await _services.Get<MetricsSnapshotReader>().ReadAsync([ns], at);

        Assert.NotEmpty(one.Entities);
        Assert.All(one.Entities, e => Assert.True(e.Entity.Namespace == ns || e.Entity.NamespaceOrNull is null, e.Entity.ToString()));
        Assert.Contains(one.Entities, e => e.Entity.Type == EntityType.Node);
    }

    [Fact]
    public async Task Read_PrometheusDown_ListsTheFailedQueriesInsteadOfThrowing()
    {
        using var services = new ScanServices(new Uri($"http://127.0.0.1:{FreePort.Find()}"));

        var snapshot = await services.Get<MetricsSnapshotReader>().ReadAsync();

        Assert.Empty(snapshot.Entities);
        Assert.NotEmpty(snapshot.Errors);
        Assert.All(snapshot.Errors, e => Assert.False(string.IsNullOrEmpty(e.Error)));
    }
}
