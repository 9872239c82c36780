namespace KubeWise.Core.Detection.Forest;

/// <summary>Where the trained forest is kept, so every replica scores with the same model.</summary>
public interface IForestStore
{
    /// <summary>The stored forest, or null when none has been saved yet.</summary>
    /// <exception cref="InvalidDataException">A model is stored but cannot be read.</exception>
    Task<IsolationForest?> LoadAsync(CancellationToken cancellationToken = default);

    Task SaveAsync(IsolationForest forest, CancellationToken cancellationToken = default);
}
