using KubeWise.Core.Events;

namespace KubeWise.Functions.Activities;

/// <summary>
/// Reads and compare-and-set writes of the incident's event from activities. A store that cannot be reached becomes a
/// <see cref="TransientStepException"/>, so the orchestration retries the activity instead of failing the incident.
/// </summary>
internal static class EventAccess
{
    private const int ConflictRetries = 5;

    public static async Task<AnomalyEvent> GetAsync(IEventStore store, string anomalyId, CancellationToken ct = default)
    {
        try
        {
            return await store.GetAsync(anomalyId, ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Event {anomalyId} does not exist; the incident cannot be remediated.");
        }
        catch (EventStoreException e) when (e.IsRetryable)
        {
            throw new TransientStepException($"The event store is unavailable: {e.Message}", e);
        }
    }

    /// <summary>
    /// Applies the change <paramref name="build"/> makes from the current event; null means nothing to do (already
    /// applied by an earlier try of this activity). Retries when another writer got in first.
    /// </summary>
    /// <returns>The event after the change, or unchanged when <paramref name="build"/> returned null.</returns>
    public static async Task<AnomalyEvent> ApplyAsync(IEventStore store, string anomalyId, Func<AnomalyEvent, EventChange?> build, CancellationToken ct = default)
    {
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
            catch (EventStoreException e) when (e.IsRetryable)
            {
                throw new TransientStepException($"The event store is unavailable: {e.Message}", e);
            }
        }
    }
}
