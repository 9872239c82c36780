using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Detection.Forest;

/// <summary>Keeps the forest in the file <see cref="DetectionOptions.ModelPath"/>.</summary>
public sealed class FileForestStore(IOptions<DetectionOptions> options, ILogger<FileForestStore> logger) : IForestStore
{
    private string Path => System.IO.Path.GetFullPath(options.Value.ModelPath);

    public async Task<IsolationForest?> LoadAsync(CancellationToken cancellationToken = default)
    {
        var path = Path;
        if (!File.Exists(path))
        {
            DetectionLog.ModelMissing(logger, path);
            return null;
        }

        await using var stream = File.OpenRead(path);
        IsolationForest forest;
        try
        {
            forest = await IsolationForestSerializer.DeserializeAsync(stream, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }

        DetectionLog.ModelLoaded(logger, path, forest.TreeCount, forest.FeatureCount);
        return forest;
    }

    public async Task SaveAsync(IsolationForest forest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(forest);
        var path = Path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);

        // Write aside, then rename over the old file: a reader never sees half a model.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var stream = File.Create(temporary))
            {
                await IsolationForestSerializer.SerializeAsync(forest, stream, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        DetectionLog.ModelSaved(logger, path, forest.TreeCount, forest.FeatureCount);
    }
}
