using System.Text.Json.Serialization;

namespace KubeWise.Application.Orchestrations;

/// <summary>
/// Where a <see cref="RemediationOrchestrator"/> stands. The final stages and the waits are also event statuses;
/// <see cref="Paused"/> and <see cref="RollingBack"/> are not: the event's audit trail notes a pause and a rollback instead.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<RemediationStage>))]
public enum RemediationStage
{
    Analyzing,

    /// <summary>Nothing KubeWise may apply: the suggestions are for a person (final).</summary>
    Suggested,
    AwaitingApproval,
    Approved,
    Rejected,
    Expired,
    Remediating,

    /// <summary>Execution is paused by configuration; nothing is written until it is lifted.</summary>
    Paused,
    Verifying,
    RollingBack,
    Resolved,
    RemediationFailed,

    /// <summary>
    /// The event store stayed unreachable past <see cref="RemediationWorkflowOptions.StoreOutageLimit"/>: the
    /// orchestration ended without writing (not an event status); the timer restarts it under the same id.
    /// </summary>
    StoreUnavailable,
}

/// <summary>The custom status an orchestration shows: the stage and, while it waits for a person, what to send and until when.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Round">The approval round (1 for the first approval, more after a brake).</param>
/// <param name="ApprovalEvent">While waiting: the external event name to raise, <c>Approval-&lt;round&gt;</c>.</param>
/// <param name="ExpiresAt">While waiting: when the approval expires (UTC).</param>
/// <param name="Detail">What is happening, for a person.</param>
public sealed record RemediationStatus(RemediationStage Stage, int Round, string? ApprovalEvent, DateTime? ExpiresAt, string? Detail);
