using KubeWise.Core.Detection.Forest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Core.Tests.Detection.Forest;

public sealed class FileForestStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kubewise-forest-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task SaveThenLoad_ThroughSeedModelPath_ReturnsForestThatScoresTheSame()
    {
        var path = Path.Combine(_directory, "models", "forest.json");
        var forest = IsolationForest.Fit(ForestData.Inliers(800, seed: 9), ForestData.Features);

        await StoreFor(path).SaveAsync(forest);
        var loaded = await StoreFor(path).LoadAsync();

        Assert.NotNull(loaded);
        Assert.Equal(forest.ScoreSample(ForestData.SpikeOn(1)), loaded.ScoreSample(ForestData.SpikeOn(1)));
        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Load_NoModelYet_ReturnsNull()
    {
        Assert.Null(await StoreFor(Path.Combine(_directory, "absent.json")).LoadAsync());
    }

    [Fact]
    public async Task Load_CorruptFile_ThrowsNamingThePath()
    {
        var path = Path.Combine(_directory, "corrupt.json");
        await File.WriteAllTextAsync(path, "{\"formatVersion\":9}");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => StoreFor(path).LoadAsync());

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("formatVersion 9", error.Message, StringComparison.Ordinal);
    }

    private static IForestStore StoreFor(string modelPath)
    {
        // The seed's ANOMALY_MODEL_PATH maps onto Detection:ModelPath; go through the real wiring.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Detection:ModelPath"] = modelPath })
            .Build();
        return new ServiceCollection().AddKubeWiseCore(configuration).BuildServiceProvider().GetRequiredService<IForestStore>();
    }
}
