namespace KubeWise.Core.Events;

/// <summary>
/// Reads and compare-and-set writes of an incident's event by the workflow. A store that cannot be reached surfaces as
/// <see cref="EventStoreUnavailableException"/> (<see cref="EventStoreException.IsRetryable"/>), never as "does not
/// exist", so a caller can retry instead of giving the incident up.
/// </summary>
public static class EventAccess
{
    private const int ConflictRetries = 5;

    public static async Task<AnomalyEvent> GetAsync(IEventStore store, string anomalyId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return await store.GetAsync(anomalyId, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Event {anomalyId} does not exist; the incident cannot be remediated.");
    }

    /// <summary>
    /// Applies the change <paramref name="build"/> makes from the current event; null means nothing to do (already
    /// applied by an earlier try of this activity). Retries when another writer got in first.
    /// </summary>
    /// <returns>The event after the change, or unchanged when <paramref name="build"/> returned null.</returns>
    public static async Task<AnomalyEvent> ApplyAsync(IEventStore store, string anomalyId, Func<AnomalyEvent, EventChange?> build, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(build);
        for (var attempt = 0; ; attempt++)
        {
            var current = await GetAsync(store, anomalyId, ct).ConfigureAwait(false);
            var change = build(current);
            if (change is null)
            {
                return current;
            }

            try
            {
                return await store.ApplyAsync(change, ct).ConfigureAwait(false);
            }
            catch (EventConflictException) when (attempt < ConflictRetries)
            {
                // Another writer (the API, a replica) changed the event: read it again and rebuild the change.
            }
        }
    }
}
