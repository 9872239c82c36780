using KubeWise.Core.Detection;
using KubeWise.Core.Entities;
using KubeWise.Core.Scanning;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Tests.Scanning;

/// <summary>The training record beside each model file: what model info shows as trained_at / sample_count.</summary>
public sealed class FileEntityModelStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kubewise-models-").FullName;

    private static readonly ModelTraining Training = new(
        new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero), 412,
        new DateTimeOffset(2026, 3, 1, 6, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 1, 11, 50, 0, TimeSpan.Zero));

    private static readonly ClusterIdentity ClusterA = new(ClusterIdentitySource.ExternalLabel, "prod-a");
    private static readonly ClusterIdentity ClusterB = new(ClusterIdentitySource.ExternalLabel, "prod-b");

    private FileEntityModelStore Store(ClusterIdentity? cluster = null) =>
        new(Options.Create(new DetectionOptions { ModelPath = Path.Combine(_directory, "kubewise-forest.json") }), new FixedCluster(cluster ?? ClusterA), NullLoggerFactory.Instance);

    private FileEntityModelStore DefaultLayout(ClusterIdentity cluster) =>
        new(Options.Create(new DetectionOptions { ModelDirectory = _directory }), new FixedCluster(cluster), NullLoggerFactory.Instance);

    [Fact]
    public async Task TrainingRecord_SavedBesideTheModel_ReadBackAsSaved()
    {
        var store = Store();
        await File.WriteAllTextAsync(store.PathFor(EntityType.Deployment), "{}");

        await store.SaveTrainingAsync(EntityType.Deployment, Training);

        Assert.Equal(Path.Combine(_directory, "kubewise-forest.deployment.training.json"), store.TrainingPathFor(EntityType.Deployment));
        Assert.Equal(Training with { Cluster = "cluster:prod-a", ClusterName = ClusterA.ToString() }, await store.LoadTrainingAsync(EntityType.Deployment));
        Assert.Null(await store.LoadTrainingAsync(EntityType.Node));
    }

    [Fact]
    public async Task TrainingRecord_ModelFileDeleted_IsNotShownForAModelThatIsGone()
    {
        var store = Store();
        await store.SaveTrainingAsync(EntityType.Node, Training);

        Assert.Null(await store.LoadTrainingAsync(EntityType.Node));
    }

    [Fact]
    public async Task TrainingRecord_Corrupt_ReadsAsUnknownInsteadOfFailing()
    {
        var store = Store();
        await File.WriteAllTextAsync(store.PathFor(EntityType.Node), "{}");
        await File.WriteAllTextAsync(store.TrainingPathFor(EntityType.Node), "{\"trained_at\": ");

        Assert.Null(await store.LoadTrainingAsync(EntityType.Node));
    }

    [Fact]
    public async Task Load_ModelTrainedOnAnotherCluster_IsRefusedNamingBothClusters()
    {
        var first = Store(ClusterA);
        await File.WriteAllTextAsync(first.PathFor(EntityType.Deployment), "{}");
        await first.SaveTrainingAsync(EntityType.Deployment, Training);

        var error = await Assert.ThrowsAsync<ModelOfAnotherClusterException>(() => Store(ClusterB).LoadAsync(EntityType.Deployment));

        Assert.Contains("cluster \"prod-a\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("cluster \"prod-b\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("Point --model", error.Message, StringComparison.Ordinal);
        Assert.Equal("{}", await File.ReadAllTextAsync(first.PathFor(EntityType.Deployment)));
    }

    [Fact]
    public async Task DefaultLayout_EachClusterHasItsOwnFolderInTheDataDirectory()
    {
        var a = DefaultLayout(ClusterA);
        var b = DefaultLayout(ClusterB);
        await a.LoadTrainingAsync(EntityType.Node);
        await b.LoadTrainingAsync(EntityType.Node);

        Assert.StartsWith(_directory, a.PathFor(EntityType.Node), StringComparison.Ordinal);
        Assert.NotEqual(Path.GetDirectoryName(a.PathFor(EntityType.Node)), Path.GetDirectoryName(b.PathFor(EntityType.Node)));
        Assert.Contains("cluster-prod-a-", a.PathFor(EntityType.Node), StringComparison.Ordinal);
        Assert.Null(await b.LoadAsync(EntityType.Node));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private sealed class FixedCluster(ClusterIdentity cluster) : IClusterIdentityResolver
    {
        public ClusterIdentity? Current { get; private set; }

        public Task<ClusterIdentity> ResolveAsync(CancellationToken cancellationToken = default) => Task.FromResult(Current = cluster);
    }
}
