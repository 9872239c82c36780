namespace KubeWise.Application.Orchestrations;

/// <summary>What starts one <see cref="RemediationOrchestrator"/>: the incident's event and the waits in force when it began.</summary>
/// <param name="AnomalyId">The event the timer recorded for the incident (status Detected).</param>
/// <param name="IncidentKey">The incident, <c>entity|kind</c>, for logs and status.</param>
/// <param name="Timings">Waits and retries, from <see cref="RemediationWorkflowOptions"/>.</param>
public sealed record RemediationInput(string AnomalyId, string IncidentKey, RemediationTimings Timings);

/// <summary>The waits of one orchestration; see <see cref="RemediationWorkflowOptions"/> for each.</summary>
public sealed record RemediationTimings(
    TimeSpan ApprovalTimeout,
    TimeSpan VerificationDelay,
    TimeSpan PhaseInterval,
    TimeSpan PhaseSettleTimeout,
    TimeSpan PausePollInterval,
    int ActivityMaxAttempts,
    TimeSpan ActivityFirstRetryInterval,
    TimeSpan StoreOutageLimit = default,
    TimeSpan StoreRetryMaxInterval = default);
