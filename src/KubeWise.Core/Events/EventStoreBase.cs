namespace KubeWise.Core.Events;

/// <summary>
/// What both stores share: input checks, the state machine and the audit trail are applied here, once, so the
/// stores only differ in how they read and how they compare-and-set a document.
/// </summary>
public abstract class EventStoreBase(TimeProvider timeProvider) : IEventStore
{
    protected TimeProvider Time { get; } = timeProvider;

    public async Task<EventCreateResult> CreateAsync(AnomalyEvent anomaly, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(anomaly);
        var id = AnomalyId.Normalize(anomaly.AnomalyId, nameof(anomaly));
        if (string.IsNullOrWhiteSpace(anomaly.EntityId) || string.IsNullOrWhiteSpace(anomaly.EntityType))
        {
            throw new ArgumentException("entity_id and entity_type are required.", nameof(anomaly));
        }

        if (!double.IsFinite(anomaly.AnomalyScore))
        {
            throw new ArgumentException("anomaly_score must be a finite number.", nameof(anomaly));
        }

        var now = Time.GetUtcNow();
        var fresh = anomaly with
        {
            AnomalyId = id,
            Status = AnomalyStatus.Detected,
            Version = 0,
            DetectionTimestamp = anomaly.DetectionTimestamp.ToUniversalTime(),
            UpdatedAt = now,
            AuditTrail = [new AuditEntry { At = now, Actor = "detector", Action = "detected", ToStatus = AnomalyStatus.Detected, Version = 0 }],
        };
        return await CreateCoreAsync(fresh, cancellationToken).ConfigureAwait(false);
    }

    public Task<AnomalyEvent?> GetAsync(string anomalyId, CancellationToken cancellationToken = default) =>
        GetCoreAsync(AnomalyId.Normalize(anomalyId), cancellationToken);

    public Task<EventPage> ListAsync(EventQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return ListCoreAsync(query, cancellationToken);
    }

    public async Task<AnomalyEvent> ApplyAsync(EventChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        change.Validate();
        var id = AnomalyId.Normalize(change.AnomalyId);
        var current = await GetCoreAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new EventNotFoundException(id);
        var next = change.ApplyTo(current, Time.GetUtcNow());
        if (await TryReplaceAsync(next, change.ExpectedStatus, change.ExpectedVersion, cancellationToken).ConfigureAwait(false))
        {
            return next;
        }

        // Lost the race between our read and our write: report what the winner left.
        var actual = await GetCoreAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new EventNotFoundException(id);
        throw new EventConflictException(id, change.ExpectedStatus, change.ExpectedVersion, actual.Status, actual.Version);
    }

    public Task<long> PurgeResolvedAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        PurgeResolvedCoreAsync(cutoff.ToUniversalTime(), cancellationToken);

    public abstract Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default);

    protected abstract Task<EventCreateResult> CreateCoreAsync(AnomalyEvent fresh, CancellationToken cancellationToken);

    protected abstract Task<AnomalyEvent?> GetCoreAsync(string anomalyId, CancellationToken cancellationToken);

    protected abstract Task<EventPage> ListCoreAsync(EventQuery query, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="next"/> only if the stored event still has the expected status and version.</summary>
    /// <returns>False when another writer got there first.</returns>
    protected abstract Task<bool> TryReplaceAsync(AnomalyEvent next, AnomalyStatus expectedStatus, long expectedVersion, CancellationToken cancellationToken);

    protected abstract Task<long> PurgeResolvedCoreAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
