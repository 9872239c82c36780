using KubeWise.Core.Events;

namespace KubeWise.Core.Incidents;

/// <summary>
/// Keeps the <see cref="IncidentBook"/> in the shared state store, so every replica and restart continues the same
/// counts, and the health endpoint reads the last successful cycle from it.
/// </summary>
public sealed class IncidentBookStore(ISharedStateStore store)
{
    internal const string Key = "incidents";

    public async Task<IncidentBook> LoadAsync(CancellationToken ct = default)
    {
        var stored = await store.GetAsync(SharedCollection.Settings, Key, ct).ConfigureAwait(false);
        return stored is null ? IncidentBook.Empty : EventJson.Deserialize<IncidentBook>(stored.Content);
    }

    public Task SaveAsync(IncidentBook book, CancellationToken ct = default) =>
        store.PutAsync(SharedCollection.Settings, Key, EventJson.Serialize(book), "worker", ct);

    /// <summary>When the last scan cycle that judged anything ran; null before the first one.</summary>
    public async Task<DateTimeOffset?> LastSuccessfulCycleAsync(CancellationToken ct = default) =>
        (await LoadAsync(ct).ConfigureAwait(false)).LastSuccessfulCycle;
}
