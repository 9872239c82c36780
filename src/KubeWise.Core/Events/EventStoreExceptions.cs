namespace KubeWise.Core.Events;

/// <summary>Base of every error the event and shared-state stores raise on purpose.</summary>
public class EventStoreException : Exception
{
    public EventStoreException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>True when the same call may succeed later unchanged (the store was unreachable or slow).</summary>
    public virtual bool IsRetryable => false;
}

/// <summary>The store is down, unreachable or timed out. Nothing was written; retrying the same call is safe.</summary>
public sealed class EventStoreUnavailableException(string message, Exception? innerException = null)
    : EventStoreException(message, innerException)
{
    public override bool IsRetryable => true;
}

public sealed class EventNotFoundException(string anomalyId)
    : EventStoreException($"No anomaly event with anomaly_id '{anomalyId}'.")
{
    public string AnomalyId { get; } = anomalyId;
}

/// <summary>Another writer moved the event first: the expected status/version no longer match. Re-read and decide again.</summary>
public sealed class EventConflictException(string anomalyId, AnomalyStatus expectedStatus, long expectedVersion, AnomalyStatus actualStatus, long actualVersion)
    : EventStoreException(
        $"Anomaly event '{anomalyId}' changed concurrently: expected status {expectedStatus} version {expectedVersion}, found status {actualStatus} version {actualVersion}.")
{
    public string AnomalyId { get; } = anomalyId;

    public AnomalyStatus ActualStatus { get; } = actualStatus;

    public long ActualVersion { get; } = actualVersion;
}

/// <summary>The state machine (<see cref="AnomalyStateMachine"/>) does not allow the requested status change.</summary>
public sealed class InvalidStatusTransitionException(string anomalyId, AnomalyStatus from, AnomalyStatus to, IReadOnlyList<AnomalyStatus> allowed)
    : EventStoreException(
        $"Anomaly event '{anomalyId}' cannot move from {from} to {to}; allowed from {from}: {(allowed.Count == 0 ? "none (final status)" : string.Join(", ", allowed))}.")
{
    public AnomalyStatus From { get; } = from;

    public AnomalyStatus To { get; } = to;
}
