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

    private FileEntityModelStore Store() =>
        new(Options.Create(new DetectionOptions { ModelPath = Path.Combine(_directory, "kubewise-forest.json") }), NullLoggerFactory.Instance);

    [Fact]
    public async Task TrainingRecord_SavedBesideTheModel_ReadBackAsSaved()
    {
        var store = Store();
        await File.WriteAllTextAsync(store.PathFor(EntityType.Deployment), "{}");

        await store.SaveTrainingAsync(EntityType.Deployment, Training);

        Assert.Equal(Path.Combine(_directory, "kubewise-forest.deployment.training.json"), store.TrainingPathFor(EntityType.Deployment));
        Assert.Equal(Training, await store.LoadTrainingAsync(EntityType.Deployment));
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

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
