using System.ComponentModel.DataAnnotations;

namespace KubeWise.Application.Orchestrations;

/// <summary>
/// Waits and retries of <see cref="RemediationOrchestrator"/>. Copied into each orchestration's input when it starts,
/// so a replay never sees a value changed later.
/// </summary>
public sealed class RemediationWorkflowOptions
{
    public const string SectionName = "Remediation:Workflow";

    /// <summary>How long a MANUAL approval may take before the event expires.</summary>
    /// <value>Default: 01:00:00.</value>
    [Range(typeof(TimeSpan), "00:00:00.100", "30.00:00:00")]
    public TimeSpan ApprovalTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Wait after the last command before the fix is verified, so metrics can reflect it.</summary>
    /// <value>Default: 00:05:00.</value>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan VerificationDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Wait between two phases of a scale, so each step settles before the next.</summary>
    /// <value>Default: 00:01:00.</value>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan PhaseInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a later phase may wait for the previous one to finish rolling out before the scale gives up.</summary>
    /// <value>Default: 00:10:00.</value>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan PhaseSettleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often a paused orchestration checks whether execution may go on, and a later scale phase whether the previous one has rolled out.</summary>
    /// <value>Default: 00:01:00.</value>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan PausePollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Attempts of an activity that fails transiently (the API server briefly unreachable, 429, 5xx), the first included. A store that cannot be reached is retried by <see cref="StoreOutageLimit"/> instead.</summary>
    /// <value>Default: 4.</value>
    [Range(1, 20)]
    public int ActivityMaxAttempts { get; set; } = 4;

    /// <summary>Delay before the first retry of a transiently failed activity; doubles on each retry.</summary>
    /// <value>Default: 00:00:05.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan ActivityFirstRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long an orchestration keeps retrying a step while the event store is unreachable. Past it the orchestration
    /// ends with the output <c>StoreUnavailable</c> (writing nothing), and the timer starts it again under the same
    /// id once the store answers.
    /// </summary>
    /// <value>Default: 00:10:00.</value>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan StoreOutageLimit { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The longest wait between two tries of a step while the event store is unreachable (the backoff doubles up to it).</summary>
    /// <value>Default: 00:00:30.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan StoreRetryMaxInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How old a decision recorded on the event must be before the timer raises it again into an orchestration that
    /// still waits for it (the API's raise after its write did not arrive).
    /// </summary>
    /// <value>Default: 00:00:30.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan DecisionRedeliveryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Stops every execution step while true (orchestrations wait; nothing is written to the cluster).</summary>
    /// <value>Default: false.</value>
    public bool Paused { get; set; }

    public RemediationTimings ToTimings() =>
        new(ApprovalTimeout, VerificationDelay, PhaseInterval, PhaseSettleTimeout, PausePollInterval, ActivityMaxAttempts, ActivityFirstRetryInterval, StoreOutageLimit, StoreRetryMaxInterval);
}
