using System.Text.Json;
using KubeWise.Core.Detection;
using KubeWise.Core.Entities;
using KubeWise.Core.Detection.Forest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Scanning;

/// <summary>
/// One file per entity type next to <see cref="DetectionOptions.ModelPath"/> (the seed's <c>ANOMALY_MODEL_PATH</c>):
/// <c>models/kubewise-forest.json</c> keeps the deployment model in <c>models/kubewise-forest.deployment.json</c>.
/// Each file is written by the forest's own <see cref="FileForestStore"/> (atomic rename, versioned format).
/// </summary>
public sealed class FileEntityModelStore(IOptions<DetectionOptions> options, ILoggerFactory loggers) : IEntityModelStore
{
    public Task<IsolationForest?> LoadAsync(EntityType type, CancellationToken cancellationToken = default) => StoreFor(type).LoadAsync(cancellationToken);

    public Task SaveAsync(EntityType type, IsolationForest forest, CancellationToken cancellationToken = default) => StoreFor(type).SaveAsync(forest, cancellationToken);

    public string Describe(EntityType type) => Path.GetFullPath(PathFor(type));

    /// <summary>The file of <paramref name="type"/>'s model.</summary>
    public string PathFor(EntityType type)
    {
        var path = options.Value.ModelPath;
        var directory = Path.GetDirectoryName(path) ?? string.Empty;
        var extension = Path.GetExtension(path);
        var stem = Path.GetFileNameWithoutExtension(path);
        return Path.Combine(directory, $"{stem}.{type.ToString().ToLowerInvariant()}{(extension.Length == 0 ? ".json" : extension)}");
    }

    public async Task SaveTrainingAsync(EntityType type, ModelTraining training, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        var path = TrainingPathFor(type);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(training), cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <remarks>A missing or unreadable record only means the model's age is unknown, never that the model is unusable.</remarks>
    public async Task<ModelTraining?> LoadTrainingAsync(EntityType type, CancellationToken cancellationToken = default)
    {
        var path = TrainingPathFor(type);
        if (!File.Exists(PathFor(type)) || !File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ModelTraining>(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    /// <summary>The training record beside the model file (<c>kubewise-forest.deployment.training.json</c>).</summary>
    public string TrainingPathFor(EntityType type) => Path.ChangeExtension(PathFor(type), ".training.json");

    private FileForestStore StoreFor(EntityType type) =>
        new(Options.Create(new DetectionOptions { ModelPath = PathFor(type) }), loggers.CreateLogger<FileForestStore>());
}
