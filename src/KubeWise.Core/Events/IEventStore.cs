namespace KubeWise.Core.Events;

/// <summary>
/// Where anomaly events live (MongoDB, or the embedded LiteDB file when no connection string is set).
/// Every failure to reach the store is an <see cref="EventStoreUnavailableException"/> (retryable, nothing written);
/// malformed ids, filters and changes are <see cref="ArgumentException"/>s.
/// </summary>
public interface IEventStore
{
    /// <summary>
    /// Stores a new event in status Detected, version 0, keyed by its anomaly_id. Idempotent: when the id exists,
    /// the stored event is returned unchanged with <see cref="EventCreateResult.Created"/> false, so a retried create is safe.
    /// </summary>
    Task<EventCreateResult> CreateAsync(AnomalyEvent anomaly, CancellationToken cancellationToken = default);

    /// <returns>The event, or null when none has that id.</returns>
    Task<AnomalyEvent?> GetAsync(string anomalyId, CancellationToken cancellationToken = default);

    Task<EventPage> ListAsync(EventQuery query, CancellationToken cancellationToken = default);

    /// <summary>Applies <paramref name="change"/> atomically if the event still has the expected status and version.</summary>
    /// <returns>The event after the change.</returns>
    /// <exception cref="EventNotFoundException"/>
    /// <exception cref="EventConflictException">Another writer changed it first.</exception>
    /// <exception cref="InvalidStatusTransitionException"/>
    Task<AnomalyEvent> ApplyAsync(EventChange change, CancellationToken cancellationToken = default);

    /// <summary>Deletes Resolved events whose last change is before <paramref name="cutoff"/>.</summary>
    /// <returns>How many were deleted.</returns>
    Task<long> PurgeResolvedAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);

    /// <summary>Whether the store answers; never throws for an unreachable store.</summary>
    Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default);
}
