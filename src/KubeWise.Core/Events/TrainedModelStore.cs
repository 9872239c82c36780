namespace KubeWise.Core.Events;

/// <summary>Trained detection models by name (JSON text), shared by every replica.</summary>
public sealed class TrainedModelStore(ISharedStateStore store)
{
    public Task<StoredDocument> SaveAsync(string name, string modelJson, string savedBy, CancellationToken cancellationToken = default) =>
        store.PutAsync(SharedCollection.Models, name, modelJson, savedBy, cancellationToken);

    /// <returns>The model and when and by whom it was saved, or null when none is stored under <paramref name="name"/>.</returns>
    public Task<StoredDocument?> LoadAsync(string name, CancellationToken cancellationToken = default) =>
        store.GetAsync(SharedCollection.Models, name, cancellationToken);
}
