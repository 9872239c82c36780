using System.Text.Json;
using KubeWise.Core.Detection;
using KubeWise.Core.Entities;
using KubeWise.Core.Detection.Forest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Scanning;

/// <summary>
/// One file per entity type. By default the files live in a folder per cluster inside the data directory
/// (<see cref="DetectionOptions.ModelDirectory"/>, else <c>$XDG_DATA_HOME/kubewise/models</c> or
/// <c>~/.local/share/kubewise/models</c>), named by the cluster's <see cref="ClusterIdentity.Folder"/>; never in the
/// working directory. An explicit <see cref="DetectionOptions.ModelPath"/> (the seed's <c>ANOMALY_MODEL_PATH</c>)
/// keeps them beside that file instead: <c>kubewise-forest.json</c> → <c>kubewise-forest.deployment.json</c>. Either
/// way the training record beside each model names the cluster it was trained on, and a model of another cluster is
/// refused (<see cref="ModelOfAnotherClusterException"/>). Each file is written by the forest's own
/// <see cref="FileForestStore"/> (atomic rename, versioned format).
/// </summary>
public sealed class FileEntityModelStore(IOptions<DetectionOptions> options, IClusterIdentityResolver clusters, ILoggerFactory loggers) : IEntityModelStore
{
    public async Task<IsolationForest?> LoadAsync(EntityType type, CancellationToken cancellationToken = default)
    {
        var cluster = await clusters.ResolveAsync(cancellationToken).ConfigureAwait(false);
        var path = PathFor(type, cluster);
        if (File.Exists(path) && await ReadTrainingAsync(type, cluster, cancellationToken).ConfigureAwait(false) is { Cluster: { } owner } training
            && !string.Equals(owner, cluster.Key, StringComparison.Ordinal))
        {
            throw new ModelOfAnotherClusterException(Path.GetFullPath(path), training.ClusterName ?? owner, cluster);
        }

        return await StoreFor(path).LoadAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task SaveAsync(EntityType type, IsolationForest forest, CancellationToken cancellationToken = default)
    {
        var cluster = await clusters.ResolveAsync(cancellationToken).ConfigureAwait(false);
        await StoreFor(PathFor(type, cluster)).SaveAsync(forest, cancellationToken).ConfigureAwait(false);
    }

    public string Describe(EntityType type) => Path.GetFullPath(PathFor(type));

    /// <summary>The file of <paramref name="type"/>'s model for the cluster resolved so far.</summary>
    public string PathFor(EntityType type) => PathFor(type, clusters.Current);

    private string PathFor(EntityType type, ClusterIdentity? cluster)
    {
        var configured = options.Value.ModelPath;
        string directory, stem, extension;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            directory = Path.GetDirectoryName(configured) ?? string.Empty;
            extension = Path.GetExtension(configured);
            stem = Path.GetFileNameWithoutExtension(configured);
        }
        else
        {
            directory = Path.Combine(ModelDirectory(options.Value), cluster?.Folder ?? "(cluster not identified yet)");
            stem = "kubewise-forest";
            extension = ".json";
        }

        return Path.Combine(directory, $"{stem}.{type.ToString().ToLowerInvariant()}{(extension.Length == 0 ? ".json" : extension)}");
    }

    /// <summary>The data directory's model folder: <see cref="DetectionOptions.ModelDirectory"/>, else the user's data directory (XDG on Linux).</summary>
    public static string ModelDirectory(DetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.ModelDirectory))
        {
            return options.ModelDirectory;
        }

        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(data))
        {
            throw new InvalidOperationException("No user data directory is known here (HOME is unset): set Detection:ModelDirectory or Detection:ModelPath.");
        }

        return Path.Combine(data, "kubewise", "models");
    }

    public async Task SaveTrainingAsync(EntityType type, ModelTraining training, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        var cluster = await clusters.ResolveAsync(cancellationToken).ConfigureAwait(false);
        var path = TrainingPathFor(type, cluster);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            var stamped = training with { Cluster = cluster.Key, ClusterName = cluster.ToString() };
            await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(stamped), cancellationToken).ConfigureAwait(false);
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
        var cluster = await clusters.ResolveAsync(cancellationToken).ConfigureAwait(false);
        return File.Exists(PathFor(type, cluster)) ? await ReadTrainingAsync(type, cluster, cancellationToken).ConfigureAwait(false) : null;
    }

    private async Task<ModelTraining?> ReadTrainingAsync(EntityType type, ClusterIdentity cluster, CancellationToken cancellationToken)
    {
        var path = TrainingPathFor(type, cluster);
        if (!File.Exists(path))
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

    private string TrainingPathFor(EntityType type, ClusterIdentity cluster) => Path.ChangeExtension(PathFor(type, cluster), ".training.json");

    private FileForestStore StoreFor(string path) =>
        new(Options.Create(new DetectionOptions { ModelPath = path }), loggers.CreateLogger<FileForestStore>());
}
