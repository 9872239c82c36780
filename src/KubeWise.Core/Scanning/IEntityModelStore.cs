using KubeWise.Core.Entities;
using KubeWise.Core.Detection.Forest;

namespace KubeWise.Core.Scanning;

/// <summary>
/// The trained forest of each entity type. A forest scores one metric block at a time, so it does not depend on which
/// metrics the catalog activates; the schema is rebuilt from the active queries every cycle.
/// </summary>
public interface IEntityModelStore
{
    /// <summary>The stored forest of <paramref name="type"/>, or null when none has been saved.</summary>
    /// <exception cref="InvalidDataException">A model is stored but cannot be read.</exception>
    Task<IsolationForest?> LoadAsync(EntityType type, CancellationToken cancellationToken = default);

    Task SaveAsync(EntityType type, IsolationForest forest, CancellationToken cancellationToken = default);

    /// <summary>Where the model of <paramref name="type"/> lives, for messages.</summary>
    string Describe(EntityType type);

    /// <summary>Records how the model just saved was trained; a store that keeps no such record ignores it.</summary>
    Task SaveTrainingAsync(EntityType type, ModelTraining training, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>How the stored model was trained, or null when unknown (none stored, or saved without a record).</summary>
    Task<ModelTraining?> LoadTrainingAsync(EntityType type, CancellationToken cancellationToken = default) => Task.FromResult<ModelTraining?>(null);
}
